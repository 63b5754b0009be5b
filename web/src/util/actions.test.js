import { describe, expect, it } from 'vitest'
import { ACTION_FIELDS, actionBody, missingField } from './actions.js'

describe('action forms', () => {
  it('a decision notice needs request, facts, reasons, outcome and legal basis (条例第三十二条)', () => {
    const required = ACTION_FIELDS.issue_decision.filter((f) => f.required).map((f) => f.key)
    expect(required).toEqual(['request', 'facts', 'reasons', 'outcome', 'legal_basis'])
    expect(missingField('issue_decision', { request: '恢复低保' }).key).toBe('facts')
  })
  it('sends only filled fields, numbers as numbers', () => {
    expect(actionBody('extend', { days: '10', reason: '需补充调查' })).toEqual({ days: 10, reason: '需补充调查' })
    expect(actionBody('assign', { lead_unit_id: 3, assisting_unit_ids: [], deadline_note: '' })).toEqual({ lead_unit_id: 3 })
    expect(actionBody('sign', { anything: 1 })).toEqual({})
  })
})
