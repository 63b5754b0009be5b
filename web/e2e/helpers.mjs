// Steps shared by the browser scenarios (scenarios*.mjs).
import { join } from 'node:path'
import { PASSWORD } from './server.mjs'

export async function newPage(browser, server, viewport = { width: 1920, height: 1080 }) {
  const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'zh-CN' })
  return context.newPage()
}

export async function login(page, username, password = PASSWORD) {
  await page.goto('/login')
  await page.getByTestId('username').fill(username)
  await page.getByTestId('password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL('**/workbench')
}

export async function logout(page) {
  await page.getByTestId('user-menu').click()
  await page.getByText('退出登录').click()
  await page.waitForURL('**/login')
}

// Picks an option of an Element Plus select (rendered in a popper outside the form) whose
// label contains `text`.
export async function choose(page, testId, text) {
  await page.getByTestId(testId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

// Waits until nothing matching `selector` (by default any dialog or drawer) is shown.
export async function dialogClosed(page, selector = '.el-dialog, .el-drawer') {
  await page.waitForFunction((sel) => ![...document.querySelectorAll(sel)].some((d) => d.offsetParent !== null), selector)
}

// Runs a scenario body, keeping a screenshot of the page when it fails.
export async function guarded(page, out, name, body) {
  try {
    await body()
  } catch (e) {
    await page.screenshot({ path: join(out, `FAILED-${name}.png`), fullPage: true, animations: 'disabled' }).catch(() => {})
    throw e
  }
}
