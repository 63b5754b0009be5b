// Browser scenarios in a real Chromium (Debian's /usr/bin/chromium via playwright-core),
// each against the real server on a fresh data folder (e2e/server.mjs). Screenshots of
// each final screen go to web/test-output/ (not committed). Exit status 1 on any failure.
//   node e2e/run.mjs [scenario-name …]
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { REPO, startServer } from './server.mjs'
import { lastPage, scenarios as baseScenarios } from './scenarios.mjs'
import { scenarios as adminScenarios } from './scenarios_admin.mjs'
import { scenarios as linkageScenarios } from './scenarios_linkage.mjs'

const OUT = join(REPO, 'web', 'test-output')
mkdirSync(OUT, { recursive: true })
const scenarios = [...baseScenarios, ...adminScenarios, ...linkageScenarios]
const only = process.argv.slice(2)
const chosen = scenarios.filter((s) => only.length === 0 || only.includes(s.name))

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
})
let failed = 0
for (const s of chosen) {
  let server
  try {
    server = await startServer(s.server || {})
  } catch (e) {
    failed++
    console.log(`FAIL ${s.name}: could not start the server: ${e.message}`)
    continue
  }
  const started = Date.now()
  try {
    await s.run({ browser, server, out: OUT })
    console.log(`ok   ${s.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  } catch (e) {
    failed++
    console.log(`FAIL ${s.name}: ${e.stack || e}`)
    if (lastPage) await lastPage.screenshot({ path: join(OUT, `FAILED-${s.name}.png`), fullPage: true }).catch(() => {})
    console.log(server.log().split('\n').slice(-20).join('\n'))
  } finally {
    const code = await server.stop()
    if (code !== 0) {
      failed++
      console.log(`FAIL ${s.name}: serve exited ${code} after SIGTERM`)
    }
  }
}
await browser.close()
console.log(`${chosen.length - failed}/${chosen.length} scenarios passed`)
process.exit(failed ? 1 : 0)
