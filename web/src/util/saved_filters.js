// 常用筛选 of the petition list, kept in this browser per signed-in user (localStorage).
import { session } from '../session.js'

function key() {
  return `sixia.filters.${session.user ? session.user.id : 0}`
}

export function loadSaved() {
  try {
    const list = JSON.parse(localStorage.getItem(key()) || '[]')
    return Array.isArray(list) ? list.filter((x) => x && typeof x.name === 'string' && x.filters) : []
  } catch {
    return []
  }
}

// Adds (or replaces by name) and stores; returns the new list. Without a name: stores `list`.
export function storeSaved(list, name, filters) {
  const next = name ? [...list.filter((x) => x.name !== name), { name, filters }] : list
  localStorage.setItem(key(), JSON.stringify(next.slice(-20)))
  return next.slice(-20)
}
