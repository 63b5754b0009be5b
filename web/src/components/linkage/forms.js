// Shared state of the 挂钩联系 and 双报到 panels: form errors, a detail drawer, a paged list, a
// form adding a record under a row.
import { computed, reactive, ref, watch } from 'vue'
import { ElMessage } from 'element-plus'
import { api } from '../../api.js'
import { todayCn } from '../../util/format.js'
import { describeError, dropChangedErrors, firstError } from '../../util/linkage.js'

// A form's errors: per field (validate* or the field a server error names, shown on the item)
// and general (a server or network error naming no field). A field's error goes as soon as
// its value changes (`also` maps a form key to the fields it feeds); everything typed stays
// until a save succeeds.
export function formErrors(draft, also = {}) {
  const fields = ref({})
  const general = ref('')
  watch(() => ({ ...draft }), (now, before) => (fields.value = dropChangedErrors(fields.value, now, before, also)))
  return {
    fields,
    alert: computed(() => general.value || firstError(fields.value)),
    check(errors) {
      general.value = ''
      fields.value = errors
      return !Object.keys(errors).length
    },
    fail(e) {
      const d = describeError(e)
      fields.value = d.field ? { [d.field]: d.message } : {}
      general.value = d.field ? '' : d.message
    },
    clear() {
      fields.value = {}
      general.value = ''
    },
  }
}

// A drawer showing one record, loaded from `pathOf(id)`; `onLoaded(record)` runs after each load.
export function useDetail(pathOf, onLoaded = () => {}) {
  const open = ref(false)
  const record = ref(null)
  const loading = ref(false)
  const error = ref('')
  async function load(id) {
    loading.value = true
    error.value = ''
    try {
      record.value = await api.get(pathOf(id))
      onLoaded(record.value)
    } catch (e) {
      record.value = null
      error.value = describeError(e).message
    } finally {
      loading.value = false
    }
  }
  function show(row) {
    record.value = null
    open.value = true
    load(row.id)
  }
  return { open, record, loading, error, load, show }
}

// A list read page by page (newest first, `before_id` keyset) from `path` with `query(extra)`;
// `onItems(items)` runs for every page loaded (names to look up). A failed first page shows
// `failure：reason` in `error`; a failed further page is a message.
export function usePagedList(path, query, onItems, failure) {
  const items = ref([])
  const next = ref(null)
  const loading = ref(false)
  const error = ref('')
  async function reload() {
    loading.value = true
    error.value = ''
    try {
      const r = await api.get(path, query())
      items.value = r.items
      next.value = r.next_before_id || null
      onItems(r.items)
    } catch (e) {
      items.value = []
      next.value = null
      error.value = `${failure}：${describeError(e).message}`
    } finally {
      loading.value = false
    }
  }
  async function more() {
    try {
      const r = await api.get(path, query({ before_id: next.value }))
      items.value = [...items.value, ...r.items]
      next.value = r.next_before_id || null
      onItems(r.items)
    } catch (e) {
      ElMessage.error(describeError(e).message)
    }
  }
  return { items, next, loading, error, reload, more }
}

// A form adding a record under a parent row (a visit to a link, a service to a member),
// POSTed to `pathOf(parentId)`. The draft is kept while the same parent is reopened and reset
// after a save; `busy` is the panel's (one save at a time); `onSaved(parentId)` refreshes.
export function useChildForm({ blank, validate, payload, pathOf, message, busy, onSaved }) {
  const open = ref(false)
  const key = ref(0) // Re-creates the form (e.g. a cascader) after a reset.
  const parent = ref(null)
  const draft = reactive(blank(todayCn(0)))
  const errors = formErrors(draft)
  function reset() {
    Object.assign(draft, blank(todayCn(0)))
    key.value++
  }
  function show(row) {
    if (!parent.value || parent.value.id !== row.id) {
      reset()
      errors.clear()
    }
    parent.value = row
    open.value = true
  }
  async function save() {
    if (busy.value) return
    if (!errors.check(validate(draft, todayCn(0), parent.value))) return
    busy.value = true
    const id = parent.value.id
    try {
      await api.post(pathOf(id), payload(draft))
      ElMessage.success(message)
      reset()
      open.value = false
      onSaved(id)
    } catch (e) {
      errors.fail(e)
    } finally {
      busy.value = false
    }
  }
  return { open, key, parent, draft, fields: errors.fields, alert: errors.alert, show, save }
}
