// What each workflow action asks for (the payload fields of ActionInput, docs/openapi.yaml):
// the form in the petition page is built from this table.
const DECISION = [
  { key: 'request', label: '信访请求', type: 'textarea', required: true },
  { key: 'facts', label: '查明事实', type: 'textarea', required: true },
  { key: 'reasons', label: '理由', type: 'textarea', required: true },
  { key: 'outcome', label: '处理意见', type: 'select', required: true,
    options: [['support', '支持'], ['explain', '解释说明'], ['reject', '不予支持']] },
  { key: 'legal_basis', label: '法律依据', type: 'textarea', required: true },
  { key: 'document_number', label: '文号', type: 'text' },
]
const ROUTE = [
  { key: 'lead_unit_id', label: '主办单位', type: 'unit', required: true },
  { key: 'assisting_unit_ids', label: '协办单位', type: 'units' },
  { key: 'deadline_note', label: '办理要求', type: 'text' },
]

export const ACTION_FIELDS = {
  accept: [{ key: 'lead_unit_id', label: '受理单位', type: 'unit' }],
  decline: [
    { key: 'reason', label: '不予受理理由', type: 'textarea', required: true },
    { key: 'route', label: '告知途径', type: 'text', required: true },
    { key: 'legal_litigation', label: '涉法涉诉', type: 'bool' },
  ],
  transfer: ROUTE,
  assign: ROUTE,
  reassign: ROUTE,
  sign: [],
  object: [{ key: 'reason', label: '异议理由', type: 'textarea', required: true }],
  overrule_objection: [{ key: 'reason', label: '驳回理由', type: 'textarea', required: true }],
  extend: [
    { key: 'days', label: '延期天数', type: 'number', required: true },
    { key: 'reason', label: '延期理由', type: 'textarea', required: true },
  ],
  issue_decision: DECISION,
  issue_review: DECISION,
  issue_re_review: DECISION,
  record_mediation: [
    { key: 'agreement', label: '协议内容', type: 'textarea', required: true },
    { key: 'settlement', label: '和解协议', type: 'bool' },
    { key: 'document_number', label: '文号', type: 'text' },
  ],
  deliver: [],
  rate: [
    { key: 'resolution', label: '解决情况', type: 'select', required: true,
      options: [['solved', '解决'], ['partly_solved', '部分解决'], ['unsolved', '未解决']] },
    { key: 'satisfaction', label: '满意度', type: 'select', required: true,
      options: [['satisfied', '满意'], ['basically_satisfied', '基本满意'], ['unsatisfied', '不满意']] },
  ],
  redo: [{ key: 'reason', label: '重办理由', type: 'textarea' }],
  request_review: [{ key: 'lead_unit_id', label: '复查机关', type: 'unit' }],
  request_re_review: [{ key: 'lead_unit_id', label: '复核机关', type: 'unit' }],
  pause_hearing: [{ key: 'reason', label: '听证事由', type: 'textarea', required: true }],
  resume_hearing: [{ key: 'reason', label: '说明', type: 'textarea' }],
  close: [],
  merge: [{ key: 'into_petition_id', label: '并入事项ID', type: 'number', required: true }],
  set_owning_leader: [{ key: 'owning_leader_user_id', label: '包案领导', type: 'user', required: true }],
}

// The body to send: only the filled fields, numbers as numbers.
export function actionBody(action, values) {
  const body = {}
  for (const f of ACTION_FIELDS[action] || []) {
    const v = values[f.key]
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue
    body[f.key] = f.type === 'number' ? Number(v) : v
  }
  return body
}

// The first required field left empty, or null.
export function missingField(action, values) {
  for (const f of ACTION_FIELDS[action] || []) {
    const v = values[f.key]
    if (f.required && (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0))) return f
  }
  return null
}
