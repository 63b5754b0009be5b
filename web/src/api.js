// The one way the web app talks to the server: JSON over fetch, the session cookie plus the
// CSRF token for writes, and errors as ApiError with the server's Chinese message.

const CSRF_KEY = 'sixia.csrf'

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {}
    super(e.message_zh || e.message || `请求失败（${status}）`)
    this.status = status
    this.code = e.code || 'unknown'
    this.field = e.field || null
    this.messageEn = e.message || ''
  }
}

export function setCsrf(token) {
  if (token) localStorage.setItem(CSRF_KEY, token)
  else localStorage.removeItem(CSRF_KEY)
}

// Builds "?a=1&b=x" from an object, leaving out empty values.
export function query(params = {}) {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    q.set(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

export async function request(method, path, body, { fetchImpl = fetch } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const csrf = localStorage.getItem(CSRF_KEY)
  if (csrf && !['GET', 'HEAD'].includes(method)) headers['X-CSRF-Token'] = csrf
  const resp = await fetchImpl(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await resp.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!resp.ok) throw new ApiError(resp.status, data)
  return data
}

// Sends a file as the raw request body (photos, attachments), with its own content type.
export async function upload(path, file, { fetchImpl = fetch } = {}) {
  const headers = { Accept: 'application/json', 'Content-Type': file.type || 'application/octet-stream' }
  const csrf = localStorage.getItem(CSRF_KEY)
  if (csrf) headers['X-CSRF-Token'] = csrf
  const resp = await fetchImpl(path, { method: 'POST', headers, credentials: 'same-origin', body: file })
  const text = await resp.text()
  let data = null
  try {
    data = text ? JSON.parse(text) : null
  } catch {
    data = null
  }
  if (!resp.ok) throw new ApiError(resp.status, data)
  return data
}

export const api = {
  get: (path, params) => request('GET', path + query(params)),
  post: (path, body = {}) => request('POST', path, body),
  patch: (path, body = {}) => request('PATCH', path, body),
  put: (path, body = {}) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
}
