// 挂钩联系 and 双报到 forms: the client-side checks (the same rules the server applies in
// domain/linkage.cc, so most mistakes are caught before a round trip) and the request bodies
// exactly as POST /api/v1/linkages, /linkages/{id}/visits, /community-registrations and
// /community-registrations/{id}/services take them. Pure: no I/O, no Vue.
//
// Days are 'YYYY-MM-DD' strings (China time, as the API gives them), compared as text.
// Every validate* returns an object field → Chinese message, empty when the draft is fine; the
// fields are the API's, so a server error naming a field lands on the same form item.

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const FIRST_DAY = '2000-01-01'

// A real calendar day written YYYY-MM-DD.
export function isDay(s) {
  const m = typeof s === 'string' && DAY.exec(s)
  if (!m) return false
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]))
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]
}

// `day` shifted by whole days (day must be valid).
export function addDays(day, n) {
  const [y, mo, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10)
}

// Characters as the server counts them (code points, not UTF-16 units).
export function textLength(s) {
  return [...(s || '')].length
}

const blank = (s) => !s || !String(s).trim()
const isId = (v) => Number.isInteger(v) && v > 0
const isCode = (s) => typeof s === 'string' && /^[0-9]{12}$/.test(s)
// A village-level (社区/村) code: 12 digits whose last three are not all zero.
export const isVillageCode = (s) => isCode(s) && !s.endsWith('000')

// ---- 挂钩联系 ------------------------------------------------------------------------------

export function blankLink(today) {
  return { leader_user_id: null, target: 'village', unit_id: null, village_code: '', from: today, to: '', notes: '' }
}

export function validateLink(d, today) {
  const e = {}
  if (!isId(d.leader_user_id)) e.leader_user_id = '请选择挂钩领导'
  if (d.target === 'unit') {
    if (!isId(d.unit_id)) e.unit_id = '请选择挂钩单位'
  } else if (blank(d.village_code)) {
    e.village_code = '请选择挂钩的村（社区）'
  } else if (!isCode(d.village_code)) {
    e.village_code = '行政区划代码必须是12位数字'
  } else if (!isVillageCode(d.village_code)) {
    e.village_code = '挂钩对象须选到村（社区）一级'
  }
  if (!isDay(d.from)) e.from = '请选择起始日期'
  else if (d.from < FIRST_DAY) e.from = '挂钩起始日期早于2000年'
  else if (d.from > addDays(today, 366)) e.from = '挂钩起始日期不能晚于今天起366天'
  if (d.to) {
    if (!isDay(d.to)) e.to = '截止日期格式不正确'
    else if (isDay(d.from) && d.to < d.from) e.to = '挂钩截止日期早于起始日期'
  }
  if (textLength(d.notes) > 2000) e.notes = '挂钩联系事项不超过2000字'
  return e
}

// POST /api/v1/linkages: exactly one of unit_id and village_code; `to` and `notes` only when given.
export function linkPayload(d) {
  const b = { leader_user_id: d.leader_user_id }
  if (d.target === 'unit') b.unit_id = d.unit_id
  else b.village_code = d.village_code
  b.from = d.from
  if (d.to) b.to = d.to
  const notes = (d.notes || '').trim()
  if (notes) b.notes = notes
  return b
}

export function blankVisit(today) {
  return { visited_on: today, division_code: '', notes: '', results: '' }
}

export function periodLabel(link) {
  return `${link.from} 至 ${link.to || '长期'}`
}

// `link` (optional): the visit must lie in its period.
export function validateVisit(d, today, link = null) {
  const e = {}
  if (!isDay(d.visited_on)) e.visited_on = '请选择走访日期'
  else if (d.visited_on > today) e.visited_on = '走访日期不能晚于今天'
  else if (link && (d.visited_on < link.from || (link.to && d.visited_on > link.to)))
    e.visited_on = `走访日期须在挂钩期限内（${periodLabel(link)}）`
  if (d.division_code && !isCode(d.division_code)) e.division_code = '行政区划代码必须是12位数字'
  if (blank(d.notes)) e.notes = '请填写走访情况'
  else if (textLength(d.notes.trim()) > 2000) e.notes = '走访情况不超过2000字'
  if (textLength((d.results || '').trim()) > 2000) e.results = '工作成效不超过2000字'
  return e
}

// POST /api/v1/linkages/{id}/visits: `division_code` (defaults to the link's place) and
// `results` only when given.
export function visitPayload(d) {
  const b = { visited_on: d.visited_on, notes: d.notes.trim() }
  if (d.division_code) b.division_code = d.division_code
  const results = (d.results || '').trim()
  if (results) b.results = results
  return b
}

// Where a link points: the unit's name or the village's (falling back to the id or code).
export function targetLabel(link, unitName = () => '', placeName = () => '') {
  if (link.unit_id) return unitName(link.unit_id) || `单位 #${link.unit_id}`
  return placeName(link.village_code) || link.village_code || '—'
}

// 'pending' before its first day, 'ended' after its last, else 'active'.
export function linkState(link, today) {
  if (link.from > today) return 'pending'
  if (link.to && link.to < today) return 'ended'
  return 'active'
}
export const LINK_STATES = { active: '在期', pending: '未开始', ended: '已到期' }

// ---- 双报到 ------------------------------------------------------------------------------

export function blankRegistration(today) {
  return { member_name: '', unit_id: null, community_code: '', registered_on: today }
}

export function validateRegistration(d, today) {
  const e = {}
  if (blank(d.member_name)) e.member_name = '请填写党员姓名'
  else if (textLength(d.member_name.trim()) > 50) e.member_name = '党员姓名不超过50字'
  if (!isId(d.unit_id)) e.unit_id = '请选择党员所在单位'
  if (blank(d.community_code)) e.community_code = '请选择报到社区（村）'
  else if (!isCode(d.community_code)) e.community_code = '行政区划代码必须是12位数字'
  else if (!isVillageCode(d.community_code)) e.community_code = '报到社区须选到社区（村）一级'
  if (!isDay(d.registered_on)) e.registered_on = '请选择报到日期'
  else if (d.registered_on < FIRST_DAY) e.registered_on = '报到日期早于2000年'
  else if (d.registered_on > today) e.registered_on = '报到日期不能晚于今天'
  return e
}

// POST /api/v1/community-registrations: all four fields are required.
export function registrationPayload(d) {
  return {
    member_name: d.member_name.trim(),
    unit_id: d.unit_id,
    community_code: d.community_code,
    registered_on: d.registered_on,
  }
}

export function blankService(today) {
  return { served_on: today, content: '', hours: null }
}

const hasHours = (h) => h !== null && h !== undefined && h !== ''

// `registration` (optional): the service cannot be before its registration day.
export function validateService(d, today, registration = null) {
  const e = {}
  if (!isDay(d.served_on)) e.served_on = '请选择服务日期'
  else if (d.served_on > today) e.served_on = '服务日期不能晚于今天'
  else if (registration && d.served_on < registration.registered_on)
    e.served_on = `服务日期不能早于报到日期（${registration.registered_on}）`
  if (blank(d.content)) e.content = '请填写服务内容'
  else if (textLength(d.content.trim()) > 2000) e.content = '服务内容不超过2000字'
  if (hasHours(d.hours)) {
    const h = Number(d.hours)
    if (!Number.isFinite(h) || h < 0 || h > 24) e.hours = '服务时长应在0到24小时之间'
  }
  return e
}

// POST /api/v1/community-registrations/{id}/services: `hours` only when given.
export function servicePayload(d) {
  const b = { served_on: d.served_on, content: d.content.trim() }
  if (hasHours(d.hours)) b.hours = Number(d.hours)
  return b
}

// Services (of GET /api/v1/community-registrations/{id}) done in `year`.
export function servicesInYear(services, year) {
  const prefix = `${year}-`
  return (services || []).filter((s) => typeof s.served_on === 'string' && s.served_on.startsWith(prefix)).length
}

// A member's standing for the year from GET /api/v1/metrics/community-service, which lists only
// the members below the rule (with their count): { required, services, met } where `services`
// is null when the member meets the rule (the report does not count them one by one); null when
// the report does not cover the member (no report, or registered after that year).
export function complianceOf(registration, metrics) {
  if (!metrics || !registration) return null
  const required = metrics.min_services_per_year
  const below = (metrics.below_registrations || []).find((b) => b.id === registration.id)
  if (below) return { required, services: below.services, met: false }
  if (registration.registered_on > `${metrics.year}-12-31`) return null
  return { required, services: null, met: true }
}

// "2 / 4 次" for those below, "≥4 / 4 次" for those meeting the rule.
export function complianceLabel(c) {
  if (!c) return '—'
  return c.met ? `≥${c.required} / ${c.required} 次` : `${c.services} / ${c.required} 次`
}

// ---- Errors --------------------------------------------------------------------------------

// An error of api.js (ApiError: the server's Chinese message and the field it names) or of the
// network, as { message, field } for a form.
export function describeError(e) {
  if (e && typeof e.status === 'number') return { message: e.message || `请求失败（${e.status}）`, field: e.field || null }
  return { message: '网络异常，未能提交，请检查网络后重试', field: null }
}

// `errors` without the fields whose value changed from `before` to `now` (the person is fixing
// them); `also` maps a field to others it clears (choosing another target type clears both
// target fields).
export function dropChangedErrors(errors, now, before, also = {}) {
  const out = { ...errors }
  for (const k of Object.keys(now)) {
    if (now[k] === before[k]) continue
    delete out[k]
    for (const other of also[k] || []) delete out[other]
  }
  return out
}

// The first message of a validate* result ('' when none).
export function firstError(errors) {
  const k = Object.keys(errors)
  return k.length ? errors[k[0]] : ''
}
