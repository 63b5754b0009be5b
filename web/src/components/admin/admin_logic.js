// 系统管理: labels, form checks that mirror the server's rules (the server still decides), and
// the request bodies of the unit, user, grant and role endpoints (docs/openapi.yaml).
import { api } from '../../api.js'

export const UNIT_KINDS = {
  party_committee: '党委', government: '人民政府', petition_bureau: '信访部门', department: '职能部门',
  township_office: '乡镇站所', village_committee: '村（居）委会', other: '其他',
}

// Permission wire names (security/permissions.cc) in groups, with Chinese labels.
export const PERMISSION_GROUPS = [
  { title: '系统管理', items: {
    'division.read': '查看行政区划', 'unit.read': '查看单位', 'unit.manage': '管理单位', 'user.read': '查看用户',
    'user.manage': '管理用户', 'role.read': '查看角色与授权', 'role.manage': '管理角色与授权',
    'account.unlock': '解锁账号', 'config.manage': '系统配置', 'audit.read': '审计日志' } },
  { title: '信访业务', items: {
    'petition.register': '信访登记', 'petition.read': '查阅信访事项', 'petition.handle': '承办信访事项',
    'petition.dispose': '受理、转送、交办', 'petition.approve': '审批（领导）', 'petition.supervise': '督查督办',
    'personal_data.reveal': '查看个人信息原文', 'statistics.read': '统计分析' } },
  { title: '四下基层', items: {
    'activity.read': '查看下基层活动', 'outreach.record': '宣传下基层', 'reception.manage': '领导接访日',
    'field_session.manage': '现场办公', 'research.manage': '调查研究', 'linkage.manage': '挂钩联系' } },
]
export const PERMISSION_LABELS = Object.assign({}, ...PERMISSION_GROUPS.map((g) => g.items))
export const permissionLabel = (p) => PERMISSION_LABELS[p] || p

export const CLOCKS = {
  dispose: '转送、交办', receipt_notice: '告知是否受理', objection: '对转送提出异议', handle: '办理',
  review_request: '申请复查', review_decision: '复查', re_review_request: '申请复核', re_review_decision: '复核',
}
export const PETITION_CLASSES = { suggestion: '建议意见', accusation: '检举控告', grievance: '申诉求决' }
export const CHANNELS = {
  visit: '来访', letter: '来信', phone: '来电', online: '网上', outreach_visit: '下访', reception_day: '接待日',
  field_session: '现场办公', hotline_12345: '12345热线',
}

// "15日", "5个工作日", "2小时".
export function formatLimit(rule) {
  const unit = { hours: '小时', calendar_days: '日', working_days: '个工作日' }[rule.unit] || ''
  return `${rule.amount}${unit}`
}

// Which petitions a time-limit rule applies to, in words; "全部信访事项" when it has no condition.
export function ruleScope(rule) {
  const parts = []
  if (rule.petition_class) parts.push(`类别：${PETITION_CLASSES[rule.petition_class] || rule.petition_class}`)
  if (rule.channel) parts.push(`渠道：${CHANNELS[rule.channel] || rule.channel}`)
  if (rule.category_prefix) parts.push(`分类：${rule.category_prefix}`)
  if (rule.division_prefix) parts.push(`区划：${rule.division_prefix}…`)
  return parts.length ? parts.join('；') : '全部信访事项'
}

// ---- Checks (the same rules as the server, so the user hears of a slip before sending)

// domain/password_policy.cc: 8–128 characters from at least 3 of lower, upper, digits, others.
export function passwordProblem(pw) {
  const chars = [...(pw || '')]
  if (chars.length < 8) return '密码长度至少为8个字符'
  if (chars.length > 128) return '密码过长（至多128个字符）'
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(pw)).length
  if (classes < 3) return '密码须包含小写字母、大写字母、数字、符号中的至少3类'
  return ''
}

export function usernameProblem(u) {
  if (!u) return '请输入用户名'
  if (!/^[a-z][a-z0-9._-]{2,31}$/.test(u)) return '用户名为3–32位小写字母、数字或 . _ -，以字母开头'
  return ''
}

export function roleNameProblem(n) {
  if (!n) return '请输入角色标识'
  if (!/^[a-z][a-z0-9_]{2,31}$/.test(n)) return '角色标识为3–32位小写字母、数字或下划线，以字母开头'
  return ''
}

// Name (1–64 characters, no control characters) of a unit, a person or a role.
export function nameProblem(name, what = '名称') {
  const t = (name || '').trim()
  if (!t) return `请输入${what}`
  if ([...t].length > 64) return `${what}不能超过64个字符`
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(t)) return `${what}不能含控制字符`
  return ''
}

// A random password that meets the policy (14 characters, all four classes).
export function generatePassword(random = (n) => crypto.getRandomValues(new Uint32Array(n))) {
  const sets = ['abcdefghijkmnpqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', '-_.!@#%+=']
  const all = sets.join('')
  const r = random(14 + 14)
  const chars = sets.map((s, i) => s[r[i] % s.length])
  for (let i = chars.length; i < 14; i++) chars.push(all[r[i] % all.length])
  // Shuffle (Fisher–Yates) so the classes are not always in the same places.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = r[14 + i] % (i + 1)
    ;[chars[i], chars[j]] = [chars[j], chars[i]]
  }
  return chars.join('')
}

// ---- Request bodies. Each returns { body } or { error, field } (a Chinese message).

export function unitCreateBody(d) {
  const err = nameProblem(d.name, '单位名称')
  if (err) return { error: err, field: 'name' }
  if (!/^[0-9]{12}$/.test(d.division_code || '')) return { error: '请选择单位所在区划', field: 'division_code' }
  const body = { name: d.name.trim(), kind: d.kind || 'other', division_code: d.division_code }
  if (d.parent_id) body.parent_id = d.parent_id
  return { body }
}

// Only what changed: the server changes only the fields present; "parent_id": null removes it.
export function unitPatchBody(original, d) {
  const err = nameProblem(d.name, '单位名称')
  if (err) return { error: err, field: 'name' }
  const body = {}
  if (d.name.trim() !== original.name) body.name = d.name.trim()
  if (d.kind !== original.kind) body.kind = d.kind
  const parent = d.parent_id || null
  if (parent !== (original.parent_id ?? null)) {
    if (parent === original.id) return { error: '上级单位不能是本单位', field: 'parent_id' }
    body.parent_id = parent
  }
  return { body }
}

export function userCreateBody(d) {
  let err = usernameProblem(d.username)
  if (err) return { error: err, field: 'username' }
  err = nameProblem(d.display_name, '姓名')
  if (err) return { error: err, field: 'display_name' }
  err = passwordProblem(d.password)
  if (err) return { error: err, field: 'password' }
  if (d.password !== d.password2) return { error: '两次输入的密码不一致', field: 'password2' }
  const body = { username: d.username, display_name: d.display_name.trim(), password: d.password }
  if (d.unit_id) body.unit_id = d.unit_id
  if (d.roles && d.roles.length) body.roles = [...d.roles]
  return { body }
}

export function userPatchBody(original, d) {
  const err = nameProblem(d.display_name, '姓名')
  if (err) return { error: err, field: 'display_name' }
  const body = {}
  if (d.display_name.trim() !== original.display_name) body.display_name = d.display_name.trim()
  if (d.unit_id && d.unit_id !== original.unit_id) body.unit_id = d.unit_id
  return { body }
}

export function passwordResetBody(d) {
  const err = passwordProblem(d.password)
  if (err) return { error: err, field: 'password' }
  if (d.password !== d.password2) return { error: '两次输入的密码不一致', field: 'password2' }
  return { body: { password: d.password } }
}

export function grantsBody(d) {
  const roles = [...new Set(d.roles || [])]
  const scopes = [...new Set(d.scopes || [])]
  if (!scopes.length) return { error: '至少保留一个管辖范围', field: 'scopes' }
  return { body: { roles, scopes } }
}

export function roleBody(d, withName) {
  if (withName) {
    const err = roleNameProblem(d.name)
    if (err) return { error: err, field: 'name' }
  }
  const err = nameProblem(d.title_zh, '角色名称')
  if (err) return { error: err, field: 'title_zh' }
  if (!d.permissions || !d.permissions.length) return { error: '请至少选择一项权限', field: 'permissions' }
  const body = { title_zh: d.title_zh.trim(), permissions: [...d.permissions] }
  return { body: withName ? { name: d.name, ...body } : body }
}

// ---- Reading

// Every item of a keyset-paged list (`after` / `next_after`), at most `max` items.
export async function fetchAll(path, params = {}, { max = 5000, get = api.get } = {}) {
  const items = []
  let after
  for (;;) {
    const r = await get(path, { ...params, limit: 500, after })
    items.push(...r.items)
    if (r.next_after === null || r.next_after === undefined || items.length >= max) {
      return { items: items.slice(0, max), truncated: r.next_after !== null && r.next_after !== undefined }
    }
    after = r.next_after
  }
}

// The flat category list (parents before children) as el-tree data.
export function buildCategoryTree(items) {
  const byCode = new Map()
  const roots = []
  for (const c of items) {
    const node = { code: c.code, label: `${c.code} ${c.name}`, name: c.name, level: c.level, children: [] }
    byCode.set(c.code, node)
    const parent = c.parent_code ? byCode.get(c.parent_code) : null
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  return roots
}

// Division names by code, fetched once each (GET /api/v1/divisions/{code}).
const divisionNames = new Map()
export async function divisionName(code, get = api.get) {
  if (!code) return ''
  if (!divisionNames.has(code)) {
    divisionNames.set(code, get(`/api/v1/divisions/${code}`).then((d) => d.name).catch(() => code))
  }
  return divisionNames.get(code)
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']
// "2025-10-01" → "星期三" (the date is a civil date; computed in UTC to stay off the local zone).
export function weekdayOf(date) {
  const [y, m, d] = date.split('-').map(Number)
  return `星期${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}`
}
