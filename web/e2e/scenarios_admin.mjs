// 系统管理 (issue 5): the system administrator sets up a unit and a user, the security
// administrator grants that user a role and a scope (三员分立), the new user logs in; and the
// configuration tabs render for both administrators on a phone and on a 1920 px screen.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { choose, dialogClosed, guarded, login, logout, newPage } from './helpers.mjs'

const NEW_UNIT = '霞浦县数据资源局'
const NEW_USER = { username: 'xp_data', name: '钱数据', password: 'Data-Secret-Pw-9' }
const COUNTY = '350921000000'







export const scenarios = [
  {
    name: 'admin-unit-user-grants',
    async run({ browser, server, out }) {
      const page = await newPage(browser, server)
      await guarded(page, out, 'admin-unit-user-grants', async () => {
        // The system administrator creates a unit …
        await login(page, 'xp_sysadmin')
        await page.goto('/admin?tab=units')
        await page.getByTestId('unit-new').click()
        await page.getByTestId('unit-name').fill(NEW_UNIT)
        await choose(page, 'unit-kind', '职能部门')
        await choose(page, 'unit-parent', '霞浦县人民政府')
        await page.getByTestId('unit-save').click()
        await dialogClosed(page)
        await page.getByTestId('unit-filter-name').fill('数据资源')
        const row = page.getByTestId('unit-table').locator('tbody tr', { hasText: NEW_UNIT })
        await row.waitFor()
        assert.match(await row.textContent(), /霞浦县人民政府/)
        assert.match(await row.textContent(), /霞浦县/)
        // … and is refused a second unit of the same name in the same county: the server's words
        await page.getByTestId('unit-new').click()
        await page.getByTestId('unit-name').fill(NEW_UNIT)
        await page.getByTestId('unit-save').click()
        await page.locator('.el-dialog:visible .el-form-item__error', { hasText: '该行政区划下已有同名单位' }).waitFor()
        await page.screenshot({ path: join(out, 'admin-unit-refused.png'), fullPage: true, animations: 'disabled' })
        await page.locator('.el-dialog:visible').getByRole('button', { name: '取消' }).click()
        await dialogClosed(page)

        // … then a user in it, with a password meeting the policy
        await page.getByRole('tab', { name: '用户' }).click()
        await page.getByTestId('user-new').click()
        await page.getByTestId('user-username').fill(NEW_USER.username)
        await page.getByTestId('user-display-name').fill(NEW_USER.name)
        await choose(page, 'user-unit', NEW_UNIT)
        await page.getByTestId('user-password').fill('weakpass')
        await page.getByTestId('user-password2').fill('weakpass')
        await page.getByTestId('user-save').click()
        await page.locator('.el-dialog:visible .el-form-item__error', { hasText: '至少3类' }).waitFor()
        await page.getByTestId('user-password').fill(NEW_USER.password)
        await page.getByTestId('user-password2').fill(NEW_USER.password)
        await page.getByTestId('user-save').click()
        await dialogClosed(page)
        await page.getByTestId(`user-roles-${NEW_USER.username}`).waitFor()
        assert.equal((await page.getByTestId(`user-roles-${NEW_USER.username}`).textContent()).trim(), '—')
        // 三员分立: the system administrator has no grant button (role.manage is the security administrator's)
        assert.equal(await page.getByTestId(`user-grants-${NEW_USER.username}`).count(), 0)
        await page.screenshot({ path: join(out, 'admin-user-created.png'), fullPage: true, animations: 'disabled' })
        await logout(page)

        // The security administrator grants a role and a scope
        await login(page, 'xp_secadmin')
        await page.goto('/admin?tab=users')
        await choose(page, 'users-unit-filter', NEW_UNIT)
        await page.getByTestId('user-table').locator('tbody tr').filter({ hasText: NEW_USER.username }).waitFor()
        assert.equal(await page.getByTestId('user-table').locator('tbody tr').filter({ hasText: 'xp_officer' }).count(), 0)
        await page.getByTestId(`user-grants-${NEW_USER.username}`).click()
        const drawer = page.locator('.el-drawer:visible')
        // Scope: 长春镇 instead of the whole county
        await drawer.locator('.el-cascader').click()
        await page.locator('.el-cascader-node:visible', { hasText: '霞浦县' }).first().click()
        await page.locator('.el-cascader-node:visible', { hasText: '长春镇' }).first().locator('.el-radio').click()
        await page.keyboard.press('Escape')
        await page.getByTestId('grants-scope-add').click()
        await page.getByTestId(`grants-scope-${COUNTY}`).locator('.el-tag__close').click()
        // A role set that breaks 三员分立 is refused, with the server's message
        await page.getByTestId('grants-roles').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: '信访工作人员' }).first().click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: '系统管理员' }).first().click()
        await page.keyboard.press('Escape')
        await page.getByTestId('grants-save').click()
        const refusal = page.getByTestId('grants-error')
        await refusal.waitFor()
        assert.match(await refusal.textContent(), /三员/)
        await page.screenshot({ path: join(out, 'admin-grants-refused.png'), fullPage: true, animations: 'disabled' })
        // Without the administrator role it goes through
        await page.getByTestId('grants-roles').click()
        await page.locator('.el-select-dropdown__item:visible', { hasText: '系统管理员' }).first().click()
        await page.keyboard.press('Escape')
        await page.getByTestId('grants-save').click()
        await dialogClosed(page)
        await page.getByTestId(`user-roles-${NEW_USER.username}`).filter({ hasText: '信访工作人员' }).waitFor()
        await page.getByTestId(`user-scopes-${NEW_USER.username}`).filter({ hasText: '长春镇' }).waitFor()
        assert.doesNotMatch(await page.getByTestId(`user-scopes-${NEW_USER.username}`).textContent(), /霞浦县/)
        await page.screenshot({ path: join(out, 'admin-grants-done.png'), fullPage: true, animations: 'disabled' })
        // … and defines a custom role, then deletes it
        await page.getByRole('tab', { name: '角色' }).click()
        await page.getByTestId('role-new').click()
        await page.getByTestId('role-name').fill('town_liaison')
        await page.getByTestId('role-title').fill('乡镇联络员')
        await page.getByTestId('perm-division.read').click()
        await page.getByTestId('perm-activity.read').click()
        await page.getByTestId('role-save').click()
        await dialogClosed(page)
        const role = page.getByTestId('role-table').locator('tbody tr', { hasText: 'town_liaison' })
        await role.filter({ hasText: '查看下基层活动' }).waitFor()
        await page.getByTestId('role-delete-town_liaison').click()
        await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
        await role.waitFor({ state: 'detached' })
        await logout(page)

        // The new user logs in and works within 长春镇
        await login(page, NEW_USER.username, NEW_USER.password)
        await page.getByTestId('jurisdiction').filter({ hasText: '长春镇' }).waitFor()
        await page.locator('.el-menu-item', { hasText: '信访事项' }).first().waitFor()
        await page.screenshot({ path: join(out, 'admin-new-user-workbench.png'), fullPage: true, animations: 'disabled' })
      })
    },
  },
  {
    // Every tab of 系统管理 opens without an error for both administrators, on a phone and on a
    // 1920 px screen, never scrolls sideways on the phone, and labels every field.
    name: 'admin-screens',
    async run({ browser, server, out }) {
      const tabs = {
        xp_sysadmin: ['单位', '用户', '角色', '问题分类', '办理时限', '节假日', '区划导入状态'],
        xp_secadmin: ['单位', '用户', '角色'],
      }
      for (const viewport of [{ width: 375, height: 812 }, { width: 1920, height: 1080 }]) {
        const page = await newPage(browser, server, viewport)
        await guarded(page, out, `admin-screens-${viewport.width}`, async () => {
          for (const [user, labels] of Object.entries(tabs)) {
            await login(page, user)
            await page.goto('/admin')
            await page.getByRole('tab').first().waitFor()
            const shown = (await page.getByRole('tab').allTextContents()).map((t) => t.trim())
            assert.deepEqual(shown, labels, `${user} sees the tabs of their role`)
            for (const label of labels) {
              await page.getByRole('tab', { name: label, exact: true }).click()
              await page.waitForLoadState('networkidle')
              const errors = await page.locator('.el-alert--error:visible').allTextContents()
              assert.deepEqual(errors, [], `${user} ${label} at ${viewport.width}px shows an error`)
              if (viewport.width === 375) {
                const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
                assert.ok(overflow <= 1, `${user} ${label} is wider than the phone by ${overflow} px`)
              }
              const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), textarea')]
                .filter((e) => e.offsetParent !== null)
                .filter((e) => !e.getAttribute('aria-label') && !e.labels?.length && !e.getAttribute('placeholder')
                  && !e.closest('.el-form-item')?.querySelector('.el-form-item__label')).length)
              assert.equal(unlabelled, 0, `${user} ${label}: ${unlabelled} form fields without a label`)
              await page.screenshot({ path: join(out, `admin-${viewport.width}-${user}-${label}.png`), fullPage: true, animations: 'disabled' })
            }
            if (user === 'xp_sysadmin') {
              // The rule views show real data
              await page.getByRole('tab', { name: '办理时限' }).click()
              await page.getByTestId('time-limit-table').getByText('条例第三十四条').first().waitFor()
              await page.getByRole('tab', { name: '节假日' }).click()
              await page.getByTestId('holiday-table').getByText(/放假/).first().waitFor()
              await page.getByRole('tab', { name: '区划导入状态' }).click()
              await page.getByTestId('division-status').getByText('最近导入时间').waitFor()
            }
            await logout(page)
          }
        })
        await page.context().close()
      }
    },
  },
  {
    // 系统管理 edits the rules in force: a bad holiday line is refused naming the line and the
    // dialog keeps the text; the corrected lines are in the calendar at once; a county
    // time-limit rule shows as 本地规则.
    name: 'admin-rules-edit',
    async run({ browser, server, out }) {
      const page = await newPage(browser, server)
      await guarded(page, out, 'admin-rules-edit', async () => {
        await login(page, 'xp_sysadmin')
        await page.goto('/admin')
        await page.getByRole('tab', { name: '节假日', exact: true }).click()
        await page.getByTestId('holidays-edit').click()
        const text = page.getByTestId('holidays-text')
        await text.fill('2027-01-01 holiday 元旦\n2027-02-30 holiday 春节\n')
        await page.getByTestId('holidays-save').click()
        await page.getByTestId('holidays-dialog').getByText(/第2行/).waitFor()
        assert.match(await text.inputValue(), /2027-02-30/, 'the refused text stays for correcting')
        await text.fill('2027-01-01 holiday 元旦\n2027-02-06 holiday 春节\n2027-02-20 workday 春节调休\n')
        await page.getByTestId('holidays-save').click()
        await dialogClosed(page)
        await choose(page, 'holiday-year', '2027年')
        // (This year's table may also hold a 春节调休: wait for the 2027 row itself.)
        await page.getByTestId('holiday-table').locator('tr', { hasText: '2027-02-20' }).getByText('春节调休').waitFor()
        await page.screenshot({ path: join(out, 'admin-rules-holidays.png'), fullPage: true, animations: 'disabled' })

        await page.getByRole('tab', { name: '办理时限', exact: true }).click()
        await page.getByTestId('time-limits-edit').click()
        await page.getByTestId('time-limits-text').fill('handle division=350921 note=县定时限 30d\n')
        await page.getByTestId('time-limits-save').click()
        await dialogClosed(page)
        const row = page.getByTestId('time-limit-table').locator('tr', { hasText: '县定时限' })
        await row.getByText('本地规则').waitFor()
        await page.screenshot({ path: join(out, 'admin-rules-time-limits.png'), fullPage: true, animations: 'disabled' })
      })
      await page.context().close()
    },
  },
]
