import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError, query, request, setCsrf } from './api.js'

function fakeFetch(status, body, seen) {
  return async (url, init) => {
    seen.push({ url, init })
    return { ok: status < 400, status, text: async () => (body === undefined ? '' : JSON.stringify(body)) }
  }
}

describe('api', () => {
  beforeEach(() => setCsrf(null))

  it('builds queries without empty values', () => {
    expect(query({ a: 1, b: '', c: null, d: 'x y' })).toBe('?a=1&d=x+y')
    expect(query({})).toBe('')
  })

  it('sends the CSRF token on writes only', async () => {
    setCsrf('tok')
    const seen = []
    await request('POST', '/api/v1/x', { a: 1 }, { fetchImpl: fakeFetch(201, { ok: true }, seen) })
    await request('GET', '/api/v1/x', undefined, { fetchImpl: fakeFetch(200, {}, seen) })
    expect(seen[0].init.headers['X-CSRF-Token']).toBe('tok')
    expect(seen[0].init.body).toBe('{"a":1}')
    expect(seen[1].init.headers['X-CSRF-Token']).toBeUndefined()
  })

  it('turns the error shape into an ApiError with the Chinese message', async () => {
    const body = { error: { code: 'unauthenticated', message: 'wrong username or password', message_zh: '用户名或密码错误', field: 'password' } }
    const err = await request('POST', '/api/v1/session', {}, { fetchImpl: fakeFetch(401, body, []) }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.message).toBe('用户名或密码错误')
    expect([err.status, err.code, err.field]).toEqual([401, 'unauthenticated', 'password'])
    const bare = await request('GET', '/x', undefined, { fetchImpl: fakeFetch(502, undefined, []) }).catch((e) => e)
    expect(bare.message).toBe('请求失败（502）')
  })
})
