import { describe, expect, it } from 'vitest'
import { ApiError } from '../api.js'
import {
  addDays, blankLink, dropChangedErrors, blankRegistration, blankService, blankVisit, complianceLabel, complianceOf, describeError,
  firstError, isDay, isVillageCode, linkPayload, linkState, periodLabel, registrationPayload, servicePayload,
  servicesInYear, targetLabel, textLength, validateLink, validateRegistration, validateService, validateVisit,
  visitPayload,
} from './linkage.js'

const TODAY = '2024-06-15'
const VILLAGE = '350921101201'
const TOWNSHIP = '350921101000'

describe('days and codes', () => {
  it('accepts real days only', () => {
    expect(isDay('2024-02-29')).toBe(true)
    expect(isDay('2023-02-29')).toBe(false)
    expect(isDay('2024-13-01')).toBe(false)
    expect(isDay('2024-6-1')).toBe(false)
    expect(isDay('')).toBe(false)
    expect(isDay(null)).toBe(false)
  })
  it('shifts days across months and years', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(addDays(TODAY, 366)).toBe('2025-06-16')
  })
  it('counts characters as the server does', () => {
    expect(textLength('挂钩')).toBe(2)
    expect(textLength('𠀀a')).toBe(2)
    expect(textLength(undefined)).toBe(0)
  })
  it('tells a village code from a township one', () => {
    expect(isVillageCode(VILLAGE)).toBe(true)
    expect(isVillageCode(TOWNSHIP)).toBe(false)
    expect(isVillageCode('35092110120')).toBe(false)
  })
})

describe('挂钩联系', () => {
  const good = { ...blankLink(TODAY), leader_user_id: 7, village_code: VILLAGE, from: '2024-01-01' }

  it('starts blank with today as the first day and a village target', () => {
    expect(blankLink(TODAY)).toEqual({ leader_user_id: null, target: 'village', unit_id: null, village_code: '',
      from: TODAY, to: '', notes: '' })
  })

  it('builds the body for a village, leaving out what is not given', () => {
    expect(validateLink(good, TODAY)).toEqual({})
    expect(linkPayload({ ...good, unit_id: 3 })).toEqual({ leader_user_id: 7, village_code: VILLAGE, from: '2024-01-01' })
  })

  it('builds the body for a unit with an end day and trimmed notes, without village_code', () => {
    const d = { ...good, target: 'unit', unit_id: 12, to: '2024-12-31', notes: '  联系乡村振兴项目 ' }
    expect(validateLink(d, TODAY)).toEqual({})
    const body = linkPayload(d)
    expect(body).toEqual({ leader_user_id: 7, unit_id: 12, from: '2024-01-01', to: '2024-12-31', notes: '联系乡村振兴项目' })
    expect('village_code' in body).toBe(false)
    expect(linkPayload({ ...d, notes: '   ' }).notes).toBeUndefined()
  })

  it('requires a leader', () => {
    expect(validateLink({ ...good, leader_user_id: null }, TODAY)).toEqual({ leader_user_id: '请选择挂钩领导' })
    expect(validateLink({ ...good, leader_user_id: 0 }, TODAY).leader_user_id).toBe('请选择挂钩领导')
  })

  it('requires the unit when the target is a unit', () => {
    expect(validateLink({ ...good, target: 'unit', unit_id: null }, TODAY)).toEqual({ unit_id: '请选择挂钩单位' })
  })

  it('requires a village-level code when the target is a village', () => {
    expect(validateLink({ ...good, village_code: '' }, TODAY)).toEqual({ village_code: '请选择挂钩的村（社区）' })
    expect(validateLink({ ...good, village_code: '3509' }, TODAY)).toEqual({ village_code: '行政区划代码必须是12位数字' })
    expect(validateLink({ ...good, village_code: TOWNSHIP }, TODAY)).toEqual({ village_code: '挂钩对象须选到村（社区）一级' })
  })

  it('checks the first day: given, from 2000, at most 366 days ahead', () => {
    expect(validateLink({ ...good, from: '' }, TODAY)).toEqual({ from: '请选择起始日期' })
    expect(validateLink({ ...good, from: '1999-12-31' }, TODAY)).toEqual({ from: '挂钩起始日期早于2000年' })
    expect(validateLink({ ...good, from: '2025-06-16' }, TODAY)).toEqual({})
    expect(validateLink({ ...good, from: '2025-06-17' }, TODAY)).toEqual({ from: '挂钩起始日期不能晚于今天起366天' })
  })

  it('checks the last day: a real day, not before the first (the same day is fine)', () => {
    expect(validateLink({ ...good, to: '2023-12-31' }, TODAY)).toEqual({ to: '挂钩截止日期早于起始日期' })
    expect(validateLink({ ...good, to: '2024-01-01' }, TODAY)).toEqual({})
    expect(validateLink({ ...good, to: '2024-02-30' }, TODAY)).toEqual({ to: '截止日期格式不正确' })
  })

  it('limits the notes to 2000 characters', () => {
    expect(validateLink({ ...good, notes: '事'.repeat(2000) }, TODAY)).toEqual({})
    expect(validateLink({ ...good, notes: '事'.repeat(2001) }, TODAY)).toEqual({ notes: '挂钩联系事项不超过2000字' })
  })

  it('reports every problem at once, the first in form order', () => {
    const e = validateLink(blankLink(''), TODAY)
    expect(Object.keys(e)).toEqual(['leader_user_id', 'village_code', 'from'])
    expect(firstError(e)).toBe('请选择挂钩领导')
    expect(firstError({})).toBe('')
  })

  it('labels targets, periods and states', () => {
    const units = { 3: '霞浦县农业农村局' }
    const places = { [VILLAGE]: '东冲村' }
    expect(targetLabel({ unit_id: 3 }, (id) => units[id], (c) => places[c])).toBe('霞浦县农业农村局')
    expect(targetLabel({ unit_id: 4 }, (id) => units[id])).toBe('单位 #4')
    expect(targetLabel({ unit_id: null, village_code: VILLAGE }, () => '', (c) => places[c])).toBe('东冲村')
    expect(targetLabel({ unit_id: null, village_code: VILLAGE })).toBe(VILLAGE)
    expect(periodLabel({ from: '2024-01-01', to: null })).toBe('2024-01-01 至 长期')
    expect(linkState({ from: '2024-07-01', to: null }, TODAY)).toBe('pending')
    expect(linkState({ from: '2024-01-01', to: '2024-06-14' }, TODAY)).toBe('ended')
    expect(linkState({ from: '2024-01-01', to: TODAY }, TODAY)).toBe('active')
  })
})

describe('走访', () => {
  const link = { from: '2024-01-01', to: '2024-12-31' }
  const good = { ...blankVisit(TODAY), notes: '走访困难户3户' }

  it('builds the body with trimmed text, leaving out an empty place and results', () => {
    expect(validateVisit(good, TODAY, link)).toEqual({})
    expect(visitPayload({ ...good, notes: ' 走访困难户3户 ' })).toEqual({ visited_on: TODAY, notes: '走访困难户3户' })
    expect(visitPayload({ ...good, division_code: VILLAGE, results: ' 解决饮水问题 ' }))
      .toEqual({ visited_on: TODAY, notes: '走访困难户3户', division_code: VILLAGE, results: '解决饮水问题' })
  })

  it('requires a day, not after today, inside the link period', () => {
    expect(validateVisit({ ...good, visited_on: '' }, TODAY, link)).toEqual({ visited_on: '请选择走访日期' })
    expect(validateVisit({ ...good, visited_on: '2024-06-16' }, TODAY, link)).toEqual({ visited_on: '走访日期不能晚于今天' })
    expect(validateVisit({ ...good, visited_on: '2023-12-31' }, TODAY, link))
      .toEqual({ visited_on: '走访日期须在挂钩期限内（2024-01-01 至 2024-12-31）' })
    expect(validateVisit({ ...good, visited_on: '2024-03-01' }, TODAY, { from: '2024-01-01', to: '2024-02-29' }))
      .toEqual({ visited_on: '走访日期须在挂钩期限内（2024-01-01 至 2024-02-29）' })
    expect(validateVisit({ ...good, visited_on: '2023-12-31' }, TODAY)).toEqual({})
  })

  it('requires what was done (at most 2000 characters) and limits the results', () => {
    expect(validateVisit({ ...good, notes: '  ' }, TODAY, link)).toEqual({ notes: '请填写走访情况' })
    expect(validateVisit({ ...good, notes: '访'.repeat(2001) }, TODAY, link)).toEqual({ notes: '走访情况不超过2000字' })
    expect(validateVisit({ ...good, results: '效'.repeat(2001) }, TODAY, link)).toEqual({ results: '工作成效不超过2000字' })
  })

  it('checks a given place code', () => {
    expect(validateVisit({ ...good, division_code: '35' }, TODAY, link)).toEqual({ division_code: '行政区划代码必须是12位数字' })
    expect(validateVisit({ ...good, division_code: TOWNSHIP }, TODAY, link)).toEqual({})
  })
})

describe('双报到', () => {
  const good = { ...blankRegistration(TODAY), member_name: ' 欧阳明 ', unit_id: 5, community_code: VILLAGE }

  it('builds the registration body with the name trimmed', () => {
    expect(validateRegistration(good, TODAY)).toEqual({})
    expect(registrationPayload(good)).toEqual({ member_name: '欧阳明', unit_id: 5, community_code: VILLAGE, registered_on: TODAY })
  })

  it('requires a name of at most 50 characters', () => {
    expect(validateRegistration({ ...good, member_name: ' ' }, TODAY)).toEqual({ member_name: '请填写党员姓名' })
    expect(validateRegistration({ ...good, member_name: '名'.repeat(51) }, TODAY)).toEqual({ member_name: '党员姓名不超过50字' })
  })

  it('requires the unit', () => {
    expect(validateRegistration({ ...good, unit_id: null }, TODAY)).toEqual({ unit_id: '请选择党员所在单位' })
  })

  it('requires a community-level code', () => {
    expect(validateRegistration({ ...good, community_code: '' }, TODAY)).toEqual({ community_code: '请选择报到社区（村）' })
    expect(validateRegistration({ ...good, community_code: 'abc' }, TODAY)).toEqual({ community_code: '行政区划代码必须是12位数字' })
    expect(validateRegistration({ ...good, community_code: TOWNSHIP }, TODAY)).toEqual({ community_code: '报到社区须选到社区（村）一级' })
  })

  it('requires a registration day from 2000 to today', () => {
    expect(validateRegistration({ ...good, registered_on: null }, TODAY)).toEqual({ registered_on: '请选择报到日期' })
    expect(validateRegistration({ ...good, registered_on: '1999-01-01' }, TODAY)).toEqual({ registered_on: '报到日期早于2000年' })
    expect(validateRegistration({ ...good, registered_on: '2024-06-16' }, TODAY)).toEqual({ registered_on: '报到日期不能晚于今天' })
  })
})

describe('报到服务', () => {
  const reg = { id: 9, registered_on: '2024-03-01' }
  const good = { ...blankService(TODAY), content: ' 社区义务巡逻 ' }

  it('builds the body, with hours only when given (0 counts as given)', () => {
    expect(validateService(good, TODAY, reg)).toEqual({})
    expect(servicePayload(good)).toEqual({ served_on: TODAY, content: '社区义务巡逻' })
    expect(servicePayload({ ...good, hours: 1.5 })).toEqual({ served_on: TODAY, content: '社区义务巡逻', hours: 1.5 })
    expect(servicePayload({ ...good, hours: 0 }).hours).toBe(0)
    expect(servicePayload({ ...good, hours: '' }).hours).toBeUndefined()
  })

  it('requires a day, not after today, not before the registration', () => {
    expect(validateService({ ...good, served_on: '' }, TODAY, reg)).toEqual({ served_on: '请选择服务日期' })
    expect(validateService({ ...good, served_on: '2024-06-16' }, TODAY, reg)).toEqual({ served_on: '服务日期不能晚于今天' })
    expect(validateService({ ...good, served_on: '2024-02-29' }, TODAY, reg))
      .toEqual({ served_on: '服务日期不能早于报到日期（2024-03-01）' })
    expect(validateService({ ...good, served_on: '2024-03-01' }, TODAY, reg)).toEqual({})
  })

  it('requires the content (at most 2000 characters)', () => {
    expect(validateService({ ...good, content: '' }, TODAY, reg)).toEqual({ content: '请填写服务内容' })
    expect(validateService({ ...good, content: '服'.repeat(2001) }, TODAY, reg)).toEqual({ content: '服务内容不超过2000字' })
  })

  it('keeps hours within 0 to 24', () => {
    expect(validateService({ ...good, hours: -0.5 }, TODAY, reg)).toEqual({ hours: '服务时长应在0到24小时之间' })
    expect(validateService({ ...good, hours: 24.5 }, TODAY, reg)).toEqual({ hours: '服务时长应在0到24小时之间' })
    expect(validateService({ ...good, hours: 'x' }, TODAY, reg)).toEqual({ hours: '服务时长应在0到24小时之间' })
    expect(validateService({ ...good, hours: 24 }, TODAY, reg)).toEqual({})
  })
})

describe('服务次数与年度要求', () => {
  const metrics = { year: 2024, min_services_per_year: 2, below_registrations: [{ id: 1, services: 1 }, { id: 2, services: 0 }] }

  it('counts the services of one year', () => {
    const services = [{ served_on: '2024-01-05' }, { served_on: '2023-12-31' }, { served_on: '2024-12-31' }]
    expect(servicesInYear(services, 2024)).toBe(2)
    expect(servicesInYear(services, '2023')).toBe(1)
    expect(servicesInYear(undefined, 2024)).toBe(0)
  })

  it('gives the count of members below the rule and marks the others as meeting it', () => {
    expect(complianceOf({ id: 1, registered_on: '2023-05-01' }, metrics)).toEqual({ required: 2, services: 1, met: false })
    expect(complianceOf({ id: 3, registered_on: '2024-05-01' }, metrics)).toEqual({ required: 2, services: null, met: true })
    expect(complianceOf({ id: 4, registered_on: '2025-01-01' }, metrics)).toBeNull()
    expect(complianceOf({ id: 1, registered_on: '2023-05-01' }, null)).toBeNull()
    expect(complianceLabel({ required: 2, services: 0, met: false })).toBe('0 / 2 次')
    expect(complianceLabel({ required: 2, services: null, met: true })).toBe('≥2 / 2 次')
    expect(complianceLabel(null)).toBe('—')
  })
})

describe('describeError', () => {
  it('keeps the server message in Chinese and the field it names', () => {
    const e = new ApiError(409, { error: { code: 'conflict', message: 'overlap', message_zh: '该领导在重叠期限内已挂钩联系该对象（编号3）', field: 'from' } })
    expect(describeError(e)).toEqual({ message: '该领导在重叠期限内已挂钩联系该对象（编号3）', field: 'from' })
    expect(describeError(new ApiError(500, null))).toEqual({ message: '请求失败（500）', field: null })
  })
  it('says the network failed for anything else', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toEqual({ message: '网络异常，未能提交，请检查网络后重试', field: null })
  })
})

describe('dropChangedErrors', () => {
  it('drops the errors of the fields that changed, and of the fields they clear', () => {
    const errors = { leader_user_id: '请选择挂钩领导', village_code: '请选择挂钩的村（社区）', from: '请选择起始日期' }
    const before = { leader_user_id: null, target: 'village', village_code: '', from: '' }
    expect(dropChangedErrors(errors, { ...before, leader_user_id: 7 }, before))
      .toEqual({ village_code: '请选择挂钩的村（社区）', from: '请选择起始日期' })
    expect(dropChangedErrors(errors, { ...before, target: 'unit' }, before, { target: ['unit_id', 'village_code'] }))
      .toEqual({ leader_user_id: '请选择挂钩领导', from: '请选择起始日期' })
    expect(dropChangedErrors(errors, before, before)).toEqual(errors)
    expect(errors.leader_user_id).toBe('请选择挂钩领导')
  })
})
