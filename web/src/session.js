// The signed-in user: who they are, what they may do, where (scopes). Reactive, one per tab.
import { reactive } from 'vue'
import { api, setCsrf } from './api.js'

export const session = reactive({
  user: null, // GET /api/v1/me: id, username, display_name, unit_id, roles, permissions, scopes
  scopeNames: {}, // division code → name, for the top bar
  loaded: false,
})

export function can(permission) {
  return !!session.user && session.user.permissions.includes(permission)
}

// The first scope: the jurisdiction lists and reports default to.
export function homeDivision() {
  return (session.user && session.user.scopes[0]) || ''
}

async function loadScopeNames() {
  const names = {}
  for (const code of session.user.scopes) {
    try {
      names[code] = (await api.get(`/api/v1/divisions/${code}`)).name
    } catch {
      names[code] = code
    }
  }
  session.scopeNames = names
}

export async function loadSession() {
  try {
    session.user = await api.get('/api/v1/me')
    await loadScopeNames()
  } catch {
    session.user = null
  }
  session.loaded = true
  return session.user
}

export async function login(username, password) {
  const r = await api.post('/api/v1/session', { username, password })
  setCsrf(r.csrf_token)
  session.user = r.user
  await loadScopeNames()
  session.loaded = true
  return r.user
}

export async function logout() {
  try {
    await api.del('/api/v1/session')
  } finally {
    setCsrf(null)
    session.user = null
  }
}
