import { describe, expect, it, vi } from 'vitest'
import {
  buildCategoryTree, fetchAll, formatLimit, generatePassword, grantsBody, nameProblem, passwordProblem,
  passwordResetBody, roleBody, ruleScope, unitCreateBody, unitPatchBody, userCreateBody, userPatchBody,
  usernameProblem, weekdayOf,
} from './admin_logic.js'

describe('password policy (as domain/password_policy.cc)', () => {
  it('wants 8 characters from 3 of 4 classes', () => {
    expect(passwordProblem('Ab1!')).toMatch('至少为8个字符')
    expect(passwordProblem('abcdefgh1')).toMatch('至少3类')
    expect(passwordProblem('abcdefG1')).toBe('')
    expect(passwordProblem('abcdefg-1')).toBe('')
    expect(passwordProblem('密码密码密码Ab1')).toBe('') // 9 code points, CJK counts as a symbol
    expect(passwordProblem('x'.repeat(126) + 'A1!')).toMatch('过长')
  })
  it('generates passwords that pass it', () => {
    for (let i = 0; i < 50; i++) {
      const pw = generatePassword()
      expect(pw).toHaveLength(14)
      expect(passwordProblem(pw)).toBe('')
    }
    // Even with the worst random source every class is there.
    expect(passwordProblem(generatePassword((n) => new Uint32Array(n)))).toBe('')
  })
})

describe('names', () => {
  it('checks user names like the server', () => {
    expect(usernameProblem('')).toMatch('请输入')
    expect(usernameProblem('Zhang')).toMatch('小写字母')
    expect(usernameProblem('1abc')).toMatch('以字母开头')
    expect(usernameProblem('ab')).not.toBe('')
    expect(usernameProblem('zhang.san_1-x')).toBe('')
  })
  it('checks display names', () => {
    expect(nameProblem('  ', '姓名')).toBe('请输入姓名')
    expect(nameProblem('甲'.repeat(65), '姓名')).toMatch('64')
    expect(nameProblem('a\tb')).toMatch('控制字符')
    expect(nameProblem('张三')).toBe('')
  })
})

describe('unit bodies', () => {
  it('creates with name, kind, division and an optional parent', () => {
    expect(unitCreateBody({ name: ' 霞浦县数据局 ', kind: 'department', division_code: '350921000000', parent_id: null }))
      .toEqual({ body: { name: '霞浦县数据局', kind: 'department', division_code: '350921000000' } })
    expect(unitCreateBody({ name: '甲', kind: '', division_code: '350921000000', parent_id: 7 }).body)
      .toEqual({ name: '甲', kind: 'other', division_code: '350921000000', parent_id: 7 })
    expect(unitCreateBody({ name: '', division_code: '350921000000' })).toMatchObject({ field: 'name' })
    expect(unitCreateBody({ name: '甲', division_code: '' })).toMatchObject({ field: 'division_code' })
  })
  it('patches only what changed, null removing the parent', () => {
    const u = { id: 3, name: '甲局', kind: 'department', parent_id: 1 }
    expect(unitPatchBody(u, { name: '甲局', kind: 'department', parent_id: 1 })).toEqual({ body: {} })
    expect(unitPatchBody(u, { name: '乙局', kind: 'other', parent_id: null }))
      .toEqual({ body: { name: '乙局', kind: 'other', parent_id: null } })
    expect(unitPatchBody({ ...u, parent_id: null }, { name: '甲局', kind: 'department', parent_id: 2 }))
      .toEqual({ body: { parent_id: 2 } })
    expect(unitPatchBody(u, { name: '甲局', kind: 'department', parent_id: 3 })).toMatchObject({ field: 'parent_id' })
  })
})

describe('user bodies', () => {
  const ok = { username: 'xp_data', display_name: '钱数据', unit_id: 9, password: 'Data-Secret-9', password2: 'Data-Secret-9' }
  it('creates with the fields the server knows, roles only when given', () => {
    expect(userCreateBody(ok)).toEqual({ body: { username: 'xp_data', display_name: '钱数据', unit_id: 9, password: 'Data-Secret-9' } })
    expect(userCreateBody({ ...ok, unit_id: null, roles: ['viewer'] }).body)
      .toEqual({ username: 'xp_data', display_name: '钱数据', password: 'Data-Secret-9', roles: ['viewer'] })
  })
  it('names the first field at fault', () => {
    expect(userCreateBody({ ...ok, username: 'X' }).field).toBe('username')
    expect(userCreateBody({ ...ok, display_name: '' }).field).toBe('display_name')
    expect(userCreateBody({ ...ok, password: 'weak', password2: 'weak' }).field).toBe('password')
    expect(userCreateBody({ ...ok, password2: 'Data-Secret-8' })).toMatchObject({ field: 'password2', error: '两次输入的密码不一致' })
  })
  it('patches name and unit, and resets passwords', () => {
    const u = { display_name: '钱数据', unit_id: 9 }
    expect(userPatchBody(u, { display_name: '钱数据', unit_id: 9 })).toEqual({ body: {} })
    expect(userPatchBody(u, { display_name: '钱多多', unit_id: 4 })).toEqual({ body: { display_name: '钱多多', unit_id: 4 } })
    expect(passwordResetBody({ password: 'New-Secret-1', password2: 'New-Secret-1' })).toEqual({ body: { password: 'New-Secret-1' } })
    expect(passwordResetBody({ password: 'short', password2: 'short' }).field).toBe('password')
  })
})

describe('grants and roles', () => {
  it('sends both lists without repeats and at least one scope', () => {
    expect(grantsBody({ roles: ['a', 'a', 'b'], scopes: ['350921101000', '350921101000'] }))
      .toEqual({ body: { roles: ['a', 'b'], scopes: ['350921101000'] } })
    expect(grantsBody({ roles: [], scopes: ['350921000000'] })).toEqual({ body: { roles: [], scopes: ['350921000000'] } })
    expect(grantsBody({ roles: ['a'], scopes: [] })).toMatchObject({ field: 'scopes' })
  })
  it('builds role bodies with the name only on create', () => {
    const d = { name: 'town_clerk', title_zh: ' 乡镇联络员 ', permissions: ['division.read', 'unit.read'] }
    expect(roleBody(d, true)).toEqual({ body: { name: 'town_clerk', title_zh: '乡镇联络员', permissions: ['division.read', 'unit.read'] } })
    expect(roleBody(d, false)).toEqual({ body: { title_zh: '乡镇联络员', permissions: ['division.read', 'unit.read'] } })
    expect(roleBody({ ...d, name: 'Town' }, true).field).toBe('name')
    expect(roleBody({ ...d, name: 'Town' }, false).body).toBeTruthy()
    expect(roleBody({ ...d, permissions: [] }, true).field).toBe('permissions')
  })
})

describe('reading', () => {
  it('follows next_after to the end', async () => {
    const get = vi.fn(async (path, { after }) => (after === undefined
      ? { items: [{ id: 1 }, { id: 2 }], next_after: 2 } : { items: [{ id: 3 }], next_after: null }))
    expect(await fetchAll('/api/v1/units', {}, { get })).toEqual({ items: [{ id: 1 }, { id: 2 }, { id: 3 }], truncated: false })
    expect(get.mock.calls[1][1]).toMatchObject({ after: 2, limit: 500 })
    const capped = await fetchAll('/api/v1/units', {}, { get, max: 2 })
    expect(capped).toEqual({ items: [{ id: 1 }, { id: 2 }], truncated: true })
  })
  it('builds the category tree from the flat list', () => {
    const tree = buildCategoryTree([
      { code: '01', name: '城乡建设', level: 1, parent_code: null },
      { code: '01.01', name: '住房保障', level: 2, parent_code: '01' },
      { code: '01.01.01', name: '保障房分配', level: 3, parent_code: '01.01' },
      { code: '02', name: '农村农业', level: 1, parent_code: null },
    ])
    expect(tree.map((n) => n.label)).toEqual(['01 城乡建设', '02 农村农业'])
    expect(tree[0].children[0].children[0]).toMatchObject({ code: '01.01.01', level: 3, children: [] })
  })
  it('describes time-limit rules', () => {
    expect(formatLimit({ amount: 15, unit: 'calendar_days' })).toBe('15日')
    expect(formatLimit({ amount: 5, unit: 'working_days' })).toBe('5个工作日')
    expect(formatLimit({ amount: 2, unit: 'hours' })).toBe('2小时')
    expect(ruleScope({ petition_class: '', channel: '', category_prefix: '', division_prefix: '' })).toBe('全部信访事项')
    expect(ruleScope({ petition_class: 'grievance', channel: 'hotline_12345', category_prefix: '12345.emergency', division_prefix: '350921' }))
      .toBe('类别：申诉求决；渠道：12345热线；分类：12345.emergency；区划：350921…')
    expect(weekdayOf('2025-10-01')).toBe('星期三')
  })
})
