// The Element Plus components the app uses, registered once (tree-shaken: only these ship).
// Sub-components (ElOption, ElTableColumn, ElRadioButton …) have no-op installs: their parents
// (ElSelect, ElTable, ElRadio …) register them.
import {
  ElAlert, ElAside, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCascader, ElCheckbox, ElCol, ElCollapse,
  ElCollapseItem, ElConfigProvider, ElContainer, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog,
  ElDivider, ElDrawer, ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon,
  ElInput, ElInputNumber, ElLoading, ElMain, ElMenu, ElMenuItem, ElOption, ElPagination, ElRadio, ElRadioButton,
  ElRadioGroup, ElRow, ElSelect, ElSkeleton, ElStatistic, ElSubMenu, ElTable, ElTableColumn, ElTabPane, ElTabs,
  ElTag, ElTimeline, ElTimelineItem, ElTree,
} from 'element-plus'

const components = [
  ElAlert, ElAside, ElBreadcrumb, ElBreadcrumbItem, ElButton, ElCard, ElCascader, ElCheckbox, ElCol, ElCollapse,
  ElCollapseItem, ElConfigProvider, ElContainer, ElDatePicker, ElDescriptions, ElDescriptionsItem, ElDialog,
  ElDivider, ElDrawer, ElDropdown, ElDropdownItem, ElDropdownMenu, ElEmpty, ElForm, ElFormItem, ElHeader, ElIcon,
  ElInput, ElInputNumber, ElMain, ElMenu, ElMenuItem, ElOption, ElPagination, ElRadio, ElRadioButton, ElRadioGroup, ElRow,
  ElSelect, ElSkeleton, ElStatistic, ElSubMenu, ElTable, ElTableColumn, ElTabPane, ElTabs, ElTag, ElTimeline,
  ElTimelineItem, ElTree,
]

export function installElement(app) {
  for (const c of components) app.use(c)
  app.use(ElLoading)
}
