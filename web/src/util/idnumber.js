// 18-digit resident ID numbers (GB 11643): the check character over the first 17 digits.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

export function idCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK[sum % 11]
}

// '' when valid (or empty), else what is wrong, in Chinese, for the form as the user types.
export function idNumberProblem(value) {
  const v = (value || '').trim().toUpperCase()
  if (!v) return ''
  if (!/^\d{17}[\dX]$/.test(v)) return v.length < 18 ? `还差${18 - v.length}位` : '应为18位数字（末位可为X）'
  const month = Number(v.slice(10, 12))
  const day = Number(v.slice(12, 14))
  if (month < 1 || month > 12 || day < 1 || day > 31) return '出生日期不正确'
  if (idCheckChar(v.slice(0, 17)) !== v[17]) return '校验位不正确，请核对'
  return ''
}
