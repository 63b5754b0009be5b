import { describe, expect, it } from 'vitest'
import { bandOf, formatDate, formatDateTime } from './format.js'

describe('format', () => {
  it('shows China time whatever the browser zone', () => {
    // 1988-12-20 09:00 +08:00
    expect(formatDateTime(598582800000)).toBe('1988-12-20 09:00')
    expect(formatDate(598582800000)).toBe('1988-12-20')
    expect(formatDate(null)).toBe('—')
  })
  it('bands a due moment: overdue once passed, warning after 75% of the time', () => {
    expect(bandOf(1000, 1000)).toBe('overdue')
    expect(bandOf(1000, 500)).toBe('normal')
    expect(bandOf(1000, 800, 0)).toBe('warning')
    expect(bandOf(1000, 700, 0)).toBe('normal')
    expect(bandOf(null, 5)).toBe('normal')
  })
})
