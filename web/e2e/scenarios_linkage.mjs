// 挂钩联系 and 双报到 (web/src/views/LinkageView.vue): a petition officer (xp_officer, whose
// role holds linkage.manage) links a county leader to a unit and another to a village, records
// a visit, is refused the same link twice with the server's words (the form keeps its input),
// registers a Party member at a community and records a service; then the lists on a phone.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { dialogClosed, guarded, login, newPage } from './helpers.mjs'

const UNIT_LINK = { leader: '林县长', unit: '霞浦县民政局', notes: '联系民政领域基层治理' }
const VILLAGE_LINK = { leader: '陈书记', township: '长春镇', village: '洪江村委会' }
const VISIT_NOTES = '走访县民政局，座谈困难群众救助工作'
const MEMBER = { name: '测试党员甲', masked: '测****', unit: '霞浦县民政局', township: '长春镇', village: '洪江村委会' }
const SERVICE = '参加社区志愿服务，宣传防汛知识'



// Picks an option of an Element Plus select (rendered in a popper outside the form) by its
// exact label.
async function choose(page, testId, label) {
  await page.getByTestId(testId).click()
  await page.locator('.el-select-dropdown__item:visible').filter({ hasText: new RegExp(`^\\s*${label}\\s*$`) }).first().click()
}

// Picks a leader: the option's label is "姓名（单位）".
async function chooseLeader(page, name) {
  await page.getByTestId('link-leader').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: `${name}（` }).first().click()
}

// Picks township › village in the (lazy) division cascader of `scope` (the county's townships
// are its first level).
async function pickVillage(page, scope, township, village) {
  await scope.locator('.el-cascader').first().click()
  await page.locator('.el-cascader-node:visible', { hasText: township }).first().click()
  await page.locator('.el-cascader-node:visible', { hasText: village }).first().click()
  await page.keyboard.press('Escape')
}


async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}


export const scenarios = [
  {
    name: 'linkage-and-community-service',
    async run({ browser, server, out }) {
      const page = await newPage(browser, server)
      await guarded(page, out, 'linkage-and-community-service', async () => {
        await login(page, 'xp_officer')
        await page.goto('/linkage')
        const links = page.getByTestId('link-table')
        await links.getByText('暂无挂钩关系').waitFor()
        const dialog = page.locator('.el-dialog:visible')

        // A county leader linked to a unit (the form starts on 村（社区）: switch to 单位)
        await page.getByTestId('new-link').click()
        await chooseLeader(page, UNIT_LINK.leader)
        await page.getByTestId('link-target').getByText('单位', { exact: true }).click()
        await choose(page, 'link-unit', UNIT_LINK.unit)
        await page.getByTestId('link-notes').fill(UNIT_LINK.notes)
        await page.getByTestId('link-save').click()
        await dialogClosed(page, '.el-dialog')
        const unitRow = links.locator('tbody tr', { hasText: UNIT_LINK.unit })
        await unitRow.waitFor()
        assert.match(await unitRow.textContent(), new RegExp(UNIT_LINK.leader))
        assert.match(await unitRow.textContent(), /单位/)
        assert.match(await unitRow.textContent(), /长期/)

        // … and another to a village, picked in the division cascader
        await page.getByTestId('new-link').click()
        await chooseLeader(page, VILLAGE_LINK.leader)
        await pickVillage(page, dialog, VILLAGE_LINK.township, VILLAGE_LINK.village)
        await page.getByTestId('link-save').click()
        await dialogClosed(page, '.el-dialog')
        const villageRow = links.locator('tbody tr', { hasText: VILLAGE_LINK.village })
        await villageRow.waitFor()
        assert.match(await villageRow.textContent(), new RegExp(VILLAGE_LINK.leader))
        assert.match(await villageRow.textContent(), /村（社区）/)
        assert.equal(await links.locator('tbody tr').count(), 2)

        // The unit link's detail: a visit recorded there is listed in the drawer
        await unitRow.getByRole('button', { name: '走访记录' }).click()
        const drawer = page.locator('.el-drawer:visible')
        await drawer.getByTestId('link-detail').filter({ hasText: UNIT_LINK.notes }).waitFor()
        assert.match(await drawer.getByTestId('link-detail').textContent(), new RegExp(UNIT_LINK.unit))
        await drawer.getByText('尚无走访记录').waitFor()
        await page.getByTestId('detail-visit').click()
        await page.getByTestId('visit-notes').fill(VISIT_NOTES)
        await page.getByTestId('visit-results').fill('梳理救助政策落实问题3条')
        await page.getByTestId('visit-save').click()
        await dialogClosed(page, '.el-dialog')
        const visitItem = drawer.locator('.el-timeline-item', { hasText: VISIT_NOTES })
        await visitItem.waitFor()
        assert.match(await visitItem.textContent(), /工作成效：梳理救助政策落实问题3条/)
        assert.match(await visitItem.textContent(), /记录人：黄信访/)
        await drawer.getByText('走访记录（1次）').waitFor()
        await page.screenshot({ path: join(out, 'linkage-visit.png'), fullPage: true, animations: 'disabled' })
        await page.keyboard.press('Escape')
        await page.waitForFunction(() => ![...document.querySelectorAll('.el-drawer')].some((d) => d.offsetParent !== null))

        // The same link again: refused with the server's 409 message, the form keeping its input
        await page.getByTestId('new-link').click()
        await chooseLeader(page, UNIT_LINK.leader)
        await page.getByTestId('link-target').getByText('单位', { exact: true }).click()
        await choose(page, 'link-unit', UNIT_LINK.unit)
        await page.getByTestId('link-notes').fill(UNIT_LINK.notes)
        const [refused] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/linkages'),
          page.getByTestId('link-save').click(),
        ])
        assert.equal(refused.status(), 409)
        const said = (await refused.json()).error.message_zh
        assert.match(said, /该领导在重叠期限内已挂钩联系该对象/)
        const error = page.getByTestId('link-error')
        await error.waitFor()
        assert.equal((await error.locator('.el-alert__title').textContent()).trim(), said)
        assert.ok(await dialog.isVisible(), 'the form stays open')
        assert.match(await page.getByTestId('link-leader').textContent(), new RegExp(UNIT_LINK.leader))
        assert.match(await page.getByTestId('link-unit').textContent(), new RegExp(UNIT_LINK.unit))
        assert.equal(await page.getByTestId('link-notes').inputValue(), UNIT_LINK.notes)
        await page.screenshot({ path: join(out, 'linkage-refused.png'), fullPage: true, animations: 'disabled' })
        await dialog.getByRole('button', { name: '取消' }).click()
        await dialogClosed(page, '.el-dialog')
        assert.equal(await links.locator('tbody tr', { hasText: UNIT_LINK.unit }).count(), 1, 'no second link')

        // 双报到: a Party member registered at a community, then one service recorded
        await page.getByRole('tab', { name: '双报到' }).click()
        await page.waitForURL(/tab=registrations/)
        const regs = page.getByTestId('reg-table')
        await regs.getByText('暂无报到记录').waitFor()
        await page.getByTestId('new-registration').click()
        await page.getByTestId('reg-name').fill(MEMBER.name)
        await choose(page, 'reg-unit', MEMBER.unit)
        await pickVillage(page, dialog, MEMBER.township, MEMBER.village)
        const [registered] = await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'
            && new URL(r.url()).pathname === '/api/v1/community-registrations'),
          page.getByTestId('reg-save').click(),
        ])
        assert.equal(registered.status(), 201)
        const regId = (await registered.json()).id
        await dialogClosed(page, '.el-dialog')
        const regRow = regs.locator('tbody tr', { hasText: MEMBER.masked })
        await regRow.waitFor()
        assert.match(await regRow.textContent(), new RegExp(MEMBER.unit))
        await regRow.filter({ hasText: MEMBER.village }).waitFor()
        assert.equal(await regs.getByText(MEMBER.name).count(), 0, 'the list shows the name masked')
        const count = page.getByTestId(`reg-count-${regId}`)
        await count.filter({ hasText: /^\s*0 \/ 1 次\s*$/ }).waitFor()
        await page.getByTestId(`service-${regId}`).click()
        await page.getByTestId('service-content').fill(SERVICE)
        await page.getByTestId('service-hours').locator('input').fill('2')
        await page.getByTestId('service-save').click()
        await dialogClosed(page, '.el-dialog')
        // The rule is one service a year: the row now meets it …
        await count.filter({ hasText: /^\s*≥1 \/ 1 次\s*$/ }).waitFor()
        await regRow.getByText('达标', { exact: true }).waitFor()
        // … and the member's detail counts exactly one service, listed
        await regRow.getByRole('button', { name: '服务记录' }).click()
        await drawer.getByTestId('reg-detail').filter({ hasText: MEMBER.masked }).waitFor()
        assert.match(await drawer.getByTestId('reg-detail').textContent(), new RegExp(MEMBER.village))
        assert.equal((await drawer.getByTestId('reg-detail-count').textContent()).trim(), '1 / 1 次')
        await drawer.getByText('服务记录（共1次）').waitFor()
        const serviceItem = drawer.locator('.el-timeline-item', { hasText: SERVICE })
        await serviceItem.waitFor()
        assert.match(await serviceItem.textContent(), /时长 2 小时/)
        await page.keyboard.press('Escape')
        await page.waitForFunction(() => ![...document.querySelectorAll('.el-drawer')].some((d) => d.offsetParent !== null))
        await page.getByTestId('reg-metrics').filter({ hasText: /服务次数\s*1/ }).waitFor()
        await page.screenshot({ path: join(out, 'linkage.png'), fullPage: true, animations: 'disabled' })
      })
      await page.context().close()

      // The same lists on a phone: everything there, nothing scrolling sideways
      const phone = await newPage(browser, server, { width: 375, height: 812 })
      await guarded(phone, out, 'linkage-and-community-service-375', async () => {
        await login(phone, 'xp_officer')
        await phone.goto('/linkage')
        const links = phone.getByTestId('link-table')
        await links.locator('tbody tr', { hasText: UNIT_LINK.unit }).waitFor()
        await links.locator('tbody tr', { hasText: VILLAGE_LINK.village }).waitFor()
        await phone.waitForLoadState('networkidle')
        let wider = await overflow(phone)
        assert.ok(wider <= 1, `挂钩联系 is wider than the phone by ${wider} px`)
        await phone.screenshot({ path: join(out, 'linkage-375-links.png'), fullPage: true, animations: 'disabled' })
        await phone.getByRole('tab', { name: '双报到' }).click()
        await phone.getByTestId('reg-table').locator('tbody tr', { hasText: MEMBER.masked }).waitFor()
        await phone.waitForLoadState('networkidle')
        wider = await overflow(phone)
        assert.ok(wider <= 1, `双报到 is wider than the phone by ${wider} px`)
        await phone.screenshot({ path: join(out, 'linkage-375-registrations.png'), fullPage: true, animations: 'disabled' })
      })
      await phone.context().close()
    },
  },
]
