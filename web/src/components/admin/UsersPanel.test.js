import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { ApiError } from '../../api.js'

const perms = { list: [] }
vi.mock('../../session.js', () => ({
  session: { user: { id: 1, scopes: ['350921000000'] } },
  can: (p) => perms.list.includes(p),
  homeDivision: () => '350921000000',
}))
vi.mock('../../api.js', async (orig) => {
  const real = await orig()
  return { ...real, api: { get: vi.fn(), post: vi.fn(), put: vi.fn(), patch: vi.fn(), del: vi.fn() } }
})

import { api } from '../../api.js'
import UsersPanel from './UsersPanel.vue'

const USERS = [
  { id: 1, username: 'xp_secadmin', display_name: '吴安全', unit_id: 5, disabled: false, locked: false, roles: ['security_admin'], scopes: ['350921000000'] },
  { id: 7, username: 'xp_data', display_name: '钱数据', unit_id: 9, disabled: false, locked: true, roles: [], scopes: ['350921000000'] },
]
const UNITS = [{ id: 5, name: '霞浦县人民政府', disabled: false }, { id: 9, name: '霞浦县数据资源局', disabled: false }]
const ROLES = [{ name: 'petition_officer', title_zh: '信访工作人员' }, { name: 'system_admin', title_zh: '系统管理员' },
  { name: 'security_admin', title_zh: '安全管理员' }]

async function setup(permissions) {
  perms.list = permissions
  api.get.mockImplementation(async (path) => {
    if (path === '/api/v1/users') return { items: USERS, next_after: null }
    if (path.startsWith('/api/v1/divisions/')) return { name: '霞浦县', items: [] }
    throw new Error(path)
  })
  const w = mount(UsersPanel, { props: { units: UNITS, roles: ROLES }, global: { plugins: [ElementPlus] }, attachTo: document.body })
  await flushPromises()
  return w
}
const byTestId = (id) => document.body.querySelector(`[data-testid="${id}"]`)

beforeEach(() => vi.clearAllMocks())
afterEach(() => (document.body.innerHTML = ''))

describe('UsersPanel', () => {
  it('lists users with unit names and role titles', async () => {
    const w = await setup(['user.read'])
    expect(w.text()).toContain('霞浦县数据资源局')
    expect(byTestId('user-roles-xp_secadmin').textContent).toBe('安全管理员')
    expect(w.text()).toContain('已锁定')
    // No action without its permission
    expect(byTestId('user-new')).toBeNull()
    expect(byTestId('user-grants-xp_data')).toBeNull()
    w.unmount()
  })

  it('shows the security administrator grants and unlock, not user management', async () => {
    const w = await setup(['user.read', 'role.read', 'role.manage', 'account.unlock'])
    expect(byTestId('user-grants-xp_data')).not.toBeNull()
    expect(byTestId('user-grants-xp_secadmin')).toBeNull() // Not one's own grants
    expect(byTestId('user-unlock-xp_data')).not.toBeNull() // Locked
    expect(byTestId('user-unlock-xp_secadmin')).toBeNull()
    expect(byTestId('user-new')).toBeNull()
    expect(byTestId('user-reset-xp_data')).toBeNull()
    expect(byTestId('user-toggle-xp_data')).toBeNull()
    w.unmount()
  })

  it("shows the server's Chinese message when a grant is refused", async () => {
    const w = await setup(['user.read', 'role.read', 'role.manage'])
    api.put.mockRejectedValueOnce(new ApiError(422, { error: { code: 'unprocessable', message: 'no',
      message_zh: '三员不得兼任可查阅信访事项的角色', field: 'roles' } }))
    byTestId('user-grants-xp_data').click()
    await flushPromises()
    byTestId('grants-save').click()
    await flushPromises()
    expect(api.put).toHaveBeenCalledWith('/api/v1/users/7/grants', { roles: [], scopes: ['350921000000'] })
    expect(byTestId('grants-error').textContent).toContain('三员不得兼任可查阅信访事项的角色')
    w.unmount()
  })

  it('checks the new user form before sending, then sends the documented body', async () => {
    const w = await setup(['user.read', 'user.manage'])
    byTestId('user-new').click()
    await flushPromises()
    const fill = async (id, v) => {
      const el = byTestId(id).tagName === 'INPUT' ? byTestId(id) : byTestId(id).querySelector('input')
      el.value = v
      el.dispatchEvent(new Event('input'))
      await flushPromises()
    }
    await fill('user-username', 'xp_data2')
    await fill('user-display-name', '钱二')
    await fill('user-password', 'weakpassword')
    await fill('user-password2', 'weakpassword')
    byTestId('user-save').click()
    await flushPromises()
    expect(api.post).not.toHaveBeenCalled()
    expect(document.body.textContent).toContain('至少3类')
    await fill('user-password', 'Strong-Pass-1')
    await fill('user-password2', 'Strong-Pass-1')
    api.post.mockResolvedValueOnce({ id: 8 })
    byTestId('user-save').click()
    await flushPromises()
    expect(api.post).toHaveBeenCalledWith('/api/v1/users', { username: 'xp_data2', display_name: '钱二', password: 'Strong-Pass-1' })
    w.unmount()
  })
})
