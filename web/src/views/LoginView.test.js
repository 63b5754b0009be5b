import { describe, expect, it, vi } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import ElementPlus from 'element-plus'

vi.mock('../session.js', () => ({
  login: vi.fn(async (u) => {
    if (u === 'locked') {
      const e = new Error('账号已锁定，请15分钟后再试')
      throw e
    }
    return { id: 1 }
  }),
}))

import LoginView from './LoginView.vue'
import { login } from '../session.js'

async function setup() {
  const router = createRouter({ history: createMemoryHistory(), routes: [
    { path: '/login', component: LoginView }, { path: '/workbench', component: { template: '<div>wb</div>' } },
    { path: '/citizen', component: { template: '<div>citizen</div>' } }] })
  router.push('/login')
  await router.isReady()
  const w = mount(LoginView, { global: { plugins: [ElementPlus, router] }, attachTo: document.body })
  return { w, router }
}

describe('LoginView', () => {
  it('labels its fields and requires both', async () => {
    const { w } = await setup()
    expect(w.text()).toContain('用户名')
    expect(w.text()).toContain('密码')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(login).not.toHaveBeenCalled()
    expect(w.find('[data-testid="login-error"]').text()).toContain('请输入用户名和密码')
    w.unmount()
  })

  it("shows the server's Chinese message, e.g. a lockout", async () => {
    const { w } = await setup()
    await w.find('[data-testid="username"]').setValue('locked')
    await w.find('[data-testid="password"]').setValue('whatever')
    await w.find('form').trigger('submit')
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
    await flushPromises()
    expect(w.find('[data-testid="login-error"]').text()).toContain('账号已锁定')
    w.unmount()
  })

  it('goes to the workbench after a successful login', async () => {
    const { w, router } = await setup()
    await w.find('[data-testid="username"]').setValue('xp_officer')
    await w.find('[data-testid="password"]').setValue('secret')
    await w.find('form').trigger('submit')
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/workbench')
    w.unmount()
  })
})
