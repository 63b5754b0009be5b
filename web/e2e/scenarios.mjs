// The scenarios of issue 5, driven through the UI as the people of MISSION.md §2 use it.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { PASSWORD } from './server.mjs'
import { choose, login, logout } from './helpers.mjs'

const VILLAGE = { township: '长春镇', village: '洪江村委会', code: '350921101201' }

// A synthetic ID number: the check character computed (GB 11643); no real person.
function syntheticId(seq) {
  const first17 = `35092119${70 + (seq % 20)}0${1 + (seq % 9)}1${seq % 10}${String(500 + seq).padStart(3, '0')}`
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((a, d, i) => a + Number(d) * w[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

// The page a scenario opened last (run.mjs screenshots it when the scenario fails).
export let lastPage = null

async function newPage(browser, server, viewport = { width: 1920, height: 1080 }) {
  const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'zh-CN' })
  lastPage = await context.newPage()
  return lastPage
}




async function act(page, action, fill = async () => {}) {
  await page.getByTestId(`action-${action}`).click()
  await fill()
  await page.getByTestId('action-submit').click()
  await page.locator('.el-dialog').waitFor({ state: 'hidden' })
}

async function stateOf(page) {
  return (await page.getByTestId('state').textContent()).trim()
}

// Registers a visit petition through the registration form; returns the petition id.
async function registerVisit(page, seq) {
  await page.goto('/petitions/new')
  await page.locator('.el-cascader').click()
  await page.locator('.el-cascader-node', { hasText: VILLAGE.township }).click()
  await page.locator('.el-cascader-node', { hasText: VILLAGE.village }).click()
  await page.keyboard.press('Escape')
  await page.getByTestId('title').fill('村道路灯长期损坏')
  await page.getByTestId('content').fill('洪江村主干道路灯损坏三个月无人维修，夜间出行不便，群众多次反映。')
  await page.getByTestId('requests').fill('请求尽快修复村道路灯')
  await page.getByTestId('name-0').fill('欧阳测试')
  await page.getByTestId('id-0').fill(syntheticId(seq))
  await page.getByTestId('phone-0').fill('13800000000')
  await page.getByTestId('register-submit').click()
  const receipt = (await page.getByTestId('receipt-no').textContent()).trim()
  assert.match(receipt, /^XF\d+/)
  await page.getByTestId('open-registered').click()
  await page.waitForURL(/\/petitions\/\d+$/)
  return Number(page.url().split('/').pop())
}

// Picks 长春镇 › 洪江村 in the (lazy) division cascader that is open on the page.
async function pickVillage(page, scope = page, fromNation = false) {
  await scope.locator('.el-cascader').first().click()
  if (fromNation)
    for (const name of ['福建省', '宁德市', '霞浦县'])
      await page.locator('.el-cascader-node:visible', { hasText: name }).first().click()
  await page.locator('.el-cascader-node:visible', { hasText: VILLAGE.village }).or(
    page.locator('.el-cascader-node:visible', { hasText: VILLAGE.township })).first().waitFor()
  const township = page.locator('.el-cascader-node:visible', { hasText: VILLAGE.township })
  if (await township.count()) await township.first().click()
  await page.locator('.el-cascader-node:visible', { hasText: VILLAGE.village }).first().click()
  await page.keyboard.press('Escape')
}

// A staff member's API session from Node (for the steps a scenario does not test in the UI).
async function staff(server, username) {
  const r = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }),
  })
  assert.equal(r.status, 201, `login ${username}`)
  const cookie = r.headers.get('set-cookie').split(';')[0]
  const { csrf_token: csrf } = await r.json()
  return async (method, path, body) => {
    const resp = await fetch(`${server.url}${path}`, {
      method, headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const data = await resp.json().catch(() => null)
    assert.ok(resp.ok, `${method} ${path}: ${resp.status} ${JSON.stringify(data)}`)
    return data
  }
}

// Opens the cascader in `scope` and walks down the first entry of each level to a village
// (whatever the user's jurisdiction is); returns the names picked.
async function pickFirstVillage(page, scope = page) {
  await scope.locator('.el-cascader').first().click()
  const names = []
  for (let level = 0; level < 5; level++) {
    const menus = page.locator('.el-cascader-menu:visible')
    await menus.first().locator('.el-cascader-node').first().waitFor()
    const count = await menus.count()
    const node = menus.nth(count - 1).locator('.el-cascader-node').first()
    names.push((await node.textContent()).trim())
    const leaf = (await node.locator('.el-cascader-node__postfix').count()) === 0
    await node.click()
    if (leaf) break
    await page.waitForFunction((n) => document.querySelectorAll('.el-cascader-menu').length > n, count)
  }
  await page.keyboard.press('Escape')
  return names
}

export const scenarios = [
  {
    // Not a check of function: the figures of docs/PERFORMANCE.md (JavaScript for the login
    // page and 工作台, first paint of 工作台, a 50-row list interactive after its data).
    name: 'perf',
    server: { demoPetitions: 80 },
    async run({ browser, server, out }) {
      const page = await newPage(browser, server)
      await page.goto('/login')
      await page.waitForLoadState('networkidle')
      await login(page, 'xp_officer')
      await page.waitForLoadState('networkidle')
      // Every JavaScript file the two screens loaded: bytes as sent (br from sixia serve) and
      // the size of the same files gzipped (the .gz siblings of the build).
      const loaded = await page.evaluate(() => performance.getEntriesByType('resource')
        .filter((e) => /\.m?js(\?|$)/.test(new URL(e.name).pathname))
        .map((e) => ({ path: new URL(e.name).pathname, sent: e.encodedBodySize || e.transferSize })))
      const { existsSync, statSync } = await import('node:fs')
      const dist = join(out, '..', 'dist')
      const js = loaded.reduce((a, e) => a + e.sent, 0)
      const gz = (p) => statSync(existsSync(join(dist, p + '.gz')) ? join(dist, p + '.gz') : join(dist, p)).size
      const jsGzip = loaded.reduce((a, e) => a + gz(e.path), 0)
      // First paint of 工作台 on a fresh load with the session already there.
      await page.goto('/workbench')
      await page.getByTestId('card-overdue').waitFor()
      // Upper bound: the moment Playwright saw the first card, from the start of navigation.
      const ready = await page.evaluate(() => performance.now())
      const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1)
      const firstPaint = await page.evaluate(() => performance.getEntriesByName('first-paint')[0]?.startTime ?? -1)
      await page.goto('/petitions')
      await page.waitForFunction(() => performance.getEntriesByName('sixia:list-rendered').length > 0)
      const list = await page.evaluate(() => {
        const a = performance.getEntriesByName('sixia:list-data')[0].startTime
        const b = performance.getEntriesByName('sixia:list-rendered')[0].startTime
        return { ms: b - a, rows: document.querySelectorAll('[data-testid="petition-table"] tbody tr').length }
      })
      const figures = { js_files: loaded.length, js_sent_bytes_br: js, js_gzip_bytes: jsGzip, workbench_first_paint_ms: firstPaint,
        workbench_first_contentful_paint_ms: fcp, workbench_cards_visible_ms: ready, list_rows: list.rows, list_interactive_after_data_ms: list.ms }
      const { writeFileSync } = await import('node:fs')
      writeFileSync(join(out, 'perf.json'), JSON.stringify(figures, null, 2))
      console.log('perf', JSON.stringify(figures))
      assert.ok(list.rows >= 50, `only ${list.rows} rows`)
    },
  },
  {
    name: 'visit-petition-to-decision',
    async run({ browser, server, out }) {
      const page = await newPage(browser, server)
      // A petition officer registers a visit petition for a real village, accepts and assigns it
      await login(page, 'xp_officer')
      const id = await registerVisit(page, 1)
      assert.equal(await stateOf(page), '登记')
      await act(page, 'accept')
      assert.equal(await stateOf(page), '受理')
      await act(page, 'assign', () => choose(page, 'field-lead_unit_id', '霞浦县民政局'))
      assert.equal(await stateOf(page), '交办')
      await logout(page)
      // The unit's handler signs for it and issues the 处理意见书
      await login(page, 'xp_civil')
      await page.goto(`/petitions/${id}`)
      await act(page, 'sign')
      assert.equal(await stateOf(page), '办理')
      await act(page, 'issue_decision', async () => {
        await page.getByTestId('field-request').fill('请求修复村道路灯')
        await page.getByTestId('field-facts').fill('经现场核实，洪江村主干道12盏路灯损坏')
        await page.getByTestId('field-reasons').fill('村道照明属村级公共设施维护范围，应予修复')
        await choose(page, 'field-outcome', '支持')
        await page.getByTestId('field-legal_basis').fill('《信访工作条例》第三十二条')
      })
      assert.equal(await stateOf(page), '已出具处理意见书')
      await logout(page)
      // The officer issues the document and opens its A4 print preview
      await login(page, 'xp_officer')
      await page.goto(`/petitions/${id}`)
      await choose(page, 'issue-document-kind', '处理意见书')
      await page.getByTestId('issue-document').click()
      const print = page.locator('[data-testid^="print-"]').first()
      await print.waitFor()
      const [preview] = await Promise.all([page.context().waitForEvent('page'), print.click()])
      await preview.waitForLoadState()
      assert.match(await preview.content(), /处理意见书/)
      await preview.screenshot({ path: join(out, 'visit-petition-print.png'), fullPage: true })
      await page.screenshot({ path: join(out, 'visit-petition-detail.png'), fullPage: true })
      await logout(page)
      // The county leader's dashboard counts it (the only petition of this fresh county)
      await login(page, 'xp_leader')
      await page.goto('/stats')
      await page.getByTestId('stat-received').filter({ hasText: '1' }).waitFor()
      await page.screenshot({ path: join(out, 'leader-dashboard.png'), fullPage: true })
    },
  },
  {
    name: 'phone-field-session-and-outreach',
    async run({ browser, server, out }) {
      // A township cadre on a 375 px screen
      const page = await newPage(browser, server, { width: 375, height: 812 })
      await login(page, 't1_leader')
      await page.getByRole('button', { name: '打开菜单' }).click()
      await page.locator('.el-menu-item', { hasText: '现场办公' }).click()
      await page.waitForURL('**/field-sessions')
      // holds a field session in a village, records an issue and solves it on the spot
      await page.getByTestId('new-session').click()
      await page.locator('.el-drawer:visible .el-cascader').waitFor()
      await pickFirstVillage(page, page.locator('.el-drawer:visible'))
      await page.getByTestId('session-venue').fill('村委会会议室')
      await page.getByTestId('session-topic').fill('民生诉求现场办公')
      await page.getByTestId('session-leaders').click()
      await page.locator('.el-select-dropdown__item:visible', { hasText: '赵镇长' }).first().click()
      await page.keyboard.press('Escape')
      await page.getByTestId('session-save').click()
      await page.waitForURL(/\/field-sessions\/\d+$/)
      await page.getByTestId('add-issue').click()
      await page.getByTestId('issue-content').fill('村口路灯不亮，夜间出行不便')
      await page.getByTestId('issue-raised-by').fill('司马测试')
      await page.getByTestId('issue-save').click()
      // A photo taken on the spot (a synthetic 1×1 PNG)
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64')
      await page.locator('input[data-testid^="photo-"]').first().setInputFiles({ name: 'spot.png', mimeType: 'image/png', buffer: png })
      await page.locator('.photos img').first().waitFor()
      assert.equal(await page.locator('.photos img').first().evaluate((img) => img.complete && img.naturalWidth), 1)
      // A second one taken by mistake (another image) comes off again while the issue is pending
      const other = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64')
      await page.locator('input[data-testid^="photo-"]').first().setInputFiles({ name: 'wrong.png', mimeType: 'image/png', buffer: other })
      await page.waitForFunction(() => document.querySelectorAll('.photos img').length === 2)
      await page.locator('[data-testid^="photo-remove-"]').last().click()
      await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click()
      await page.waitForFunction(() => document.querySelectorAll('.photos img').length === 1)
      const solve = page.locator('[data-testid^="solve-"]').first()
      await solve.click()
      await page.getByTestId('solve-action').fill('镇村干部当场更换灯泡')
      await page.getByTestId('solve-evidence').fill('更换后现场照片1张')
      await page.getByTestId('resolve-save').click()
      await page.locator('[data-testid^="issue-end-"]', { hasText: '当场解决' }).waitFor()
      await page.waitForFunction(() => ![...document.querySelectorAll('.el-drawer')].some((d) => d.offsetParent !== null))
      const summary = await page.getByTestId('summary').textContent()
      assert.match(summary, /当场解决\s*1/)
      assert.equal(await page.locator('[data-testid^="photo-remove-"]').count(), 0, 'a solved issue keeps its photos')
      await page.screenshot({ path: join(out, 'phone-field-session.png'), fullPage: true })
      // and records an outreach event
      await page.goto('/outreach')
      await page.getByTestId('outreach-topic').fill('防汛防台')
      await pickFirstVillage(page)
      await page.getByTestId('outreach-reached').locator('input').fill('45')
      await page.getByTestId('outreach-save').click()
      // The live total counts the event just recorded (the period had none before)
      await page.getByTestId('outreach-sentence').filter({ hasText: /宣传活动\s*1\s*次，惠及\s*45\s*人/ }).waitFor()
      await page.screenshot({ path: join(out, 'phone-outreach.png'), fullPage: true })
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, `the page is wider than the phone by ${overflow} px`)
    },
  },
  {
    name: 'citizen-online-query-rate',
    async run({ browser, server, out }) {
      // A citizen on a phone submits online
      const page = await newPage(browser, server, { width: 375, height: 812 })
      await page.goto('/citizen')
      await pickVillage(page, page, true)
      await page.getByTestId('c-title').fill('小区门口积水严重')
      await page.getByTestId('c-content').fill('每逢下雨小区门口积水没过脚踝，老人孩子出行困难。')
      await page.getByTestId('c-requests').fill('请求疏通排水管道')
      await page.getByTestId('c-name').fill('上官测试')
      await page.getByTestId('c-id').fill(syntheticId(3))
      await page.getByTestId('c-submit').click()
      const receipt = (await page.getByTestId('c-receipt').textContent()).trim()
      const code = (await page.getByTestId('c-code').textContent()).trim()
      assert.match(receipt, /^XF/)
      // Staff handle it to a delivered decision (through the API: the citizen's part is tested here)
      const officer = await staff(server, 'xp_officer')
      const list = await officer('GET', '/api/v1/petitions?channel=online')
      const id = list.items.find((p) => p.receipt_no === receipt).id
      const civil = (await officer('GET', '/api/v1/units?limit=200')).items.find((u) => u.name === '霞浦县民政局').id
      await officer('POST', `/api/v1/petitions/${id}/actions/accept`, {})
      await officer('POST', `/api/v1/petitions/${id}/actions/assign`, { lead_unit_id: civil })
      const handler = await staff(server, 'xp_civil')
      await handler('POST', `/api/v1/petitions/${id}/actions/sign`, {})
      await handler('POST', `/api/v1/petitions/${id}/actions/issue_decision`, {
        request: '疏通排水管道', facts: '经核实排水管道堵塞', reasons: '属市政维护范围', outcome: 'support',
        legal_basis: '《信访工作条例》第三十二条' })
      await officer('POST', `/api/v1/petitions/${id}/actions/deliver`, {})
      // The citizen follows it by receipt number + query code and rates the result
      await page.goto('/citizen')
      await page.getByRole('tab', { name: '查询办理进度' }).click()
      await page.getByTestId('q-receipt').fill(receipt)
      await page.getByTestId('q-code').fill('wrong-code-123')
      await page.getByTestId('q-submit').click()
      await page.getByRole('alert').waitFor()
      await page.getByTestId('q-code').fill(code)
      await page.getByTestId('q-submit').click()
      await page.getByTestId('q-state').filter({ hasText: '已送达' }).waitFor()
      await page.getByTestId('r-resolution').getByText('解决', { exact: true }).click()
      await page.getByTestId('r-satisfaction').getByText('满意', { exact: true }).click()
      await page.getByTestId('r-submit').click()
      await page.getByText('您的评价：解决 · 满意').waitFor()
      await page.screenshot({ path: join(out, 'citizen-rated.png'), fullPage: true })
      const staffView = await officer('GET', `/api/v1/petitions/${id}`)
      assert.equal(staffView.latest_rating.satisfaction, 'satisfied')
    },
  },
  {
    // Every staff screen opens without an error for the roles that use it, on a phone and on a
    // 1920 px screen, and never scrolls sideways on the phone.
    name: 'screens-render',
    server: { demoPetitions: 40 },
    async run({ browser, server, out }) {
      const visits = [
        ['xp_officer', ['/workbench', '/petitions/new', '/petitions', '/field-sessions', '/reception', '/linkage',
                        '/research', '/stats']],
        ['xp_leader', ['/workbench', '/stats', '/outreach']],
        ['xp_supervisor', ['/supervision']],
        ['admin', ['/admin']],
      ]
      for (const viewport of [{ width: 375, height: 812 }, { width: 1920, height: 1080 }]) {
        const page = await newPage(browser, server, viewport)
        for (const [user, paths] of visits) {
          if (user === 'admin') {
            await page.goto('/login')
            await page.getByTestId('username').fill('admin')
            await page.getByTestId('password').fill(PASSWORD)
            await page.getByTestId('login-submit').click()
            await page.waitForURL('**/workbench')
          } else {
            await login(page, user)
          }
          for (const path of paths) {
            await page.goto(path)
            await page.waitForLoadState('networkidle')
            const errors = await page.locator('.el-alert--error:visible').allTextContents()
            assert.deepEqual(errors, [], `${user} ${path} at ${viewport.width}px shows an error`)
            if (viewport.width === 375) {
              const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
              assert.ok(overflow <= 1, `${user} ${path} is wider than the phone by ${overflow} px`)
            }
            const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input:not([type=hidden]), textarea')]
              .filter((e) => e.offsetParent !== null)
              .filter((e) => !e.getAttribute('aria-label') && !e.labels?.length && !e.getAttribute('placeholder')
                && !e.closest('.el-form-item')?.querySelector('.el-form-item__label')).length)
            assert.equal(unlabelled, 0, `${user} ${path}: ${unlabelled} form fields without a label`)
            await page.screenshot({ path: join(out, `screen-${viewport.width}${path.replaceAll('/', '-')}-${user}.png`),
              fullPage: true })
          }
          await logout(page)
        }
        await page.context().close()
      }
    },
  },
  {
    // The login form and the menu work from the keyboard alone.
    name: 'keyboard-only',
    async run({ browser, server, out }) {
      const page = await newPage(browser, server)
      await page.goto('/login')
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))
      for (let i = 0; i < 6 && (await focused()) !== 'username'; i++) await page.keyboard.press('Tab')
      assert.equal(await focused(), 'username', 'Tab reaches the user name field')
      await page.keyboard.type('xp_officer')
      await page.keyboard.press('Tab')
      assert.equal(await focused(), 'password', 'Tab goes on to the password')
      await page.keyboard.type(PASSWORD)
      await page.keyboard.press('Enter')
      await page.waitForURL('**/workbench')
      // The menu: Tab to an entry, Enter opens it
      let label = ''
      for (let i = 0; i < 30 && label !== '信访事项'; i++) {
        await page.keyboard.press('Tab')
        label = await page.evaluate(() => document.activeElement?.closest('.el-menu-item')?.textContent.trim() || '')
      }
      assert.equal(label, '信访事项', 'Tab reaches the menu entry')
      await page.keyboard.press('Enter')
      await page.waitForURL('**/petitions')
      await page.screenshot({ path: join(out, 'keyboard-only.png') })
    },
  },
  {
    // The system administrator loads a category tree from a file; a broken file is refused
    // with the line named and nothing changes.
    name: 'admin-categories-import',
    async run({ browser, server, out }) {
      const page = await newPage(browser, server)
      await login(page, 'xp_sysadmin')
      await page.goto('/admin?tab=categories')
      const tsv = 'level1\tlevel2\tlevel3\n城乡建设\t安全生产\t事故处理\n劳动和社会保障\t社会保险\t养老保险\n'
      await page.getByLabel('版本说明').fill('测试分类')
      await page.getByTestId('category-file').setInputFiles({ name: 'bad.tsv', mimeType: 'text/plain', buffer: Buffer.from('城乡建设\t安全生产\n') })
      await page.getByRole('button', { name: '导入新版本' }).click()
      await page.getByRole('alert').filter({ hasText: '第' }).first().waitFor()
      await page.getByTestId('category-file').setInputFiles({ name: 'tree.tsv', mimeType: 'text/plain', buffer: Buffer.from(tsv) })
      await page.getByRole('button', { name: '导入新版本' }).click()
      await page.getByTestId('category-version').filter({ hasText: '共 6 项' }).waitFor()
      await page.screenshot({ path: join(out, 'admin-categories-import.png'), fullPage: true })
    },
  },
  {
    name: 'no-trace-outside-scope',
    async run({ browser, server, out }) {
      const page = await newPage(browser, server)
      await login(page, 'xp_officer')
      const id = await registerVisit(page, 2)
      await logout(page)
      // A township officer of 松城街道 finds no trace of a petition of 长春镇
      await login(page, 't0_officer')
      await page.goto(`/petitions/${id}`)
      await page.getByText('不存在或不在您的管辖范围内').waitFor()
      await page.goto('/petitions')
      await page.getByTestId('petition-table').waitFor()
      assert.equal(await page.getByText('村道路灯长期损坏').count(), 0)
      await page.screenshot({ path: join(out, 'no-trace-outside-scope.png'), fullPage: true })
      await logout(page)
      // An accusation against 霞浦县自然资源局 is invisible to that unit's own handler
      const officer = await staff(server, 'xp_officer')
      const resources = (await officer('GET', '/api/v1/units?limit=200')).items.find((u) => u.name === '霞浦县自然资源局').id
      const accusation = await officer('POST', '/api/v1/petitions', {
        channel: 'letter', petition_class: 'accusation', title: '反映违规审批宅基地', division_code: VILLAGE.code,
        content: '来信反映有关部门违规审批宅基地，请求查处。', requests: '请求依法查处',
        petitioners: [{ name: '诸葛测试', id_number: syntheticId(4) }], accused: [{ unit_id: resources }] })
      await login(page, 'xp_resources')
      await page.goto(`/petitions/${accusation.id}`)
      await page.getByText('不存在或不在您的管辖范围内').waitFor()
      assert.equal(await page.getByText('违规审批宅基地').count(), 0)
      await page.screenshot({ path: join(out, 'accused-unit-sees-nothing.png'), fullPage: true })
    },
  },
]
