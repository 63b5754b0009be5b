import { describe, expect, it } from 'vitest'
import { idCheckChar, idNumberProblem } from './idnumber.js'

// Synthetic numbers: the check character is computed, as the server does (GB 11643).
function make(first17) {
  return first17 + idCheckChar(first17)
}

describe('idNumberProblem', () => {
  it('accepts a number whose check character matches, also with a lower-case x', () => {
    const n = make('35092119800101500')
    expect(idNumberProblem(n)).toBe('')
    const x = ['350921198001015', '00'].join('')
    expect(idNumberProblem('')).toBe('')
    expect(idNumberProblem(make(x).toLowerCase())).toBe('')
  })
  it('says how many digits are missing while typing', () => {
    expect(idNumberProblem('3509211980')).toBe('还差8位')
  })
  it('refuses a wrong check character, a bad birth date and letters', () => {
    const n = make('35092119800101500')
    const wrong = n.slice(0, 17) + (n[17] === '1' ? '2' : '1')
    expect(idNumberProblem(wrong)).toBe('校验位不正确，请核对')
    expect(idNumberProblem(make('35092119801301500'))).toBe('出生日期不正确')
    expect(idNumberProblem('35092119800101500A')).toBe('应为18位数字（末位可为X）')
  })
})
