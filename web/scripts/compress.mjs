// Writes X.br and X.gz beside every compressible file of the build, so that `sixia serve`
// sends compressed files without compressing at run time. Keeps a sibling only when smaller.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const root = process.argv[2] || 'dist'
const compressible = /\.(js|mjs|css|html|svg|json|txt|map)$/

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) walk(path)
    else if (compressible.test(name)) compress(path)
  }
}

function compress(path) {
  const data = readFileSync(path)
  const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
  const gz = gzipSync(data, { level: 9 })
  if (br.length < data.length) writeFileSync(path + '.br', br)
  if (gz.length < data.length) writeFileSync(path + '.gz', gz)
}

walk(root)
