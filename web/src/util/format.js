// Display helpers: dates in China time, bands, file sizes.
const CN = 'Asia/Shanghai'

export function formatDateTime(ms) {
  if (ms === null || ms === undefined) return '—'
  const d = new Date(ms)
  const p = new Intl.DateTimeFormat('zh-CN', {
    timeZone: CN, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(d)
  const g = (t) => p.find((x) => x.type === t).value
  return `${g('year')}-${g('month')}-${g('day')} ${g('hour')}:${g('minute')}`
}

export function formatDate(ms) {
  return ms === null || ms === undefined ? '—' : formatDateTime(ms).slice(0, 10)
}

// Today in China time as YYYY-MM-DD, optionally shifted by whole days.
export function todayCn(shiftDays = 0) {
  return formatDate(Date.now() + shiftDays * 86400000)
}

export const BAND_LABELS = { normal: '正常', warning: '临期', overdue: '超期' }
export const BAND_TAGS = { normal: 'success', warning: 'warning', overdue: 'danger' }

export function bandOf(dueAt, now = Date.now(), startAt = null) {
  if (dueAt === null || dueAt === undefined) return 'normal'
  if (now >= dueAt) return 'overdue'
  if (startAt !== null && now - startAt >= 0.75 * (dueAt - startAt)) return 'warning'
  return 'normal'
}
