import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('../session.js', () => ({ session: { user: { id: 7 } } }))
import { loadSaved, storeSaved } from './saved_filters.js'

describe('saved filters', () => {
  beforeEach(() => localStorage.clear())

  it('keeps filters per user by name, replacing a same-named one', () => {
    let list = storeSaved([], '超期交办', { state: 'assigned', band: 'overdue' })
    list = storeSaved(list, '网上来信', { channel: 'online' })
    list = storeSaved(list, '超期交办', { band: 'overdue' })
    expect(loadSaved()).toEqual([
      { name: '网上来信', filters: { channel: 'online' } },
      { name: '超期交办', filters: { band: 'overdue' } },
    ])
    expect(localStorage.getItem('sixia.filters.7')).toContain('网上来信')
  })

  it('survives garbage in storage and keeps at most 20', () => {
    localStorage.setItem('sixia.filters.7', '{not json')
    expect(loadSaved()).toEqual([])
    let list = []
    for (let i = 0; i < 25; i++) list = storeSaved(list, `f${i}`, { state: 'x' })
    expect(loadSaved()).toHaveLength(20)
    expect(loadSaved()[0].name).toBe('f5')
  })
})
