// Routes: every view is loaded lazily (its own chunk). Staff routes need a session; the
// menu shows a route only when the user holds one of its permissions (meta.perms).
import { createRouter, createWebHistory } from 'vue-router'
import { loadSession, session } from './session.js'

const StaffLayout = () => import('./layouts/StaffLayout.vue')

export const staffRoutes = [
  { path: 'workbench', name: 'workbench', component: () => import('./views/WorkbenchView.vue'),
    meta: { title: '工作台', icon: 'House', perms: [] } },
  { path: 'petitions/new', name: 'petition-new', component: () => import('./views/PetitionRegisterView.vue'),
    meta: { title: '信访登记', icon: 'EditPen', perms: ['petition.register'] } },
  { path: 'petitions', name: 'petitions', component: () => import('./views/PetitionListView.vue'),
    meta: { title: '信访事项', icon: 'Tickets', perms: ['petition.read', 'petition.handle', 'petition.approve'] } },
  { path: 'petitions/:id', name: 'petition', component: () => import('./views/PetitionDetailView.vue'),
    meta: { title: '事项详情', parent: 'petitions', hidden: true, perms: [] } },
  { path: 'field-sessions', name: 'field-sessions', component: () => import('./views/FieldSessionsView.vue'),
    meta: { title: '现场办公', icon: 'Location', perms: ['activity.read', 'field_session.manage'] } },
  { path: 'field-sessions/:id', name: 'field-session', component: () => import('./views/FieldSessionView.vue'),
    meta: { title: '现场办公详情', parent: 'field-sessions', hidden: true, perms: [] } },
  { path: 'reception', name: 'reception', component: () => import('./views/ReceptionView.vue'),
    meta: { title: '接待日', icon: 'Tickets', perms: ['activity.read', 'reception.manage'] } },
  { path: 'linkage', name: 'linkage', component: () => import('./views/LinkageView.vue'),
    meta: { title: '挂钩联系', icon: 'Location', perms: ['activity.read', 'linkage.manage'] } },
  { path: 'bigscreen', name: 'bigscreen', component: () => import('./views/StatsView.vue'),
    meta: { title: '大屏', hidden: true, perms: ['statistics.read'] } },
  { path: 'research', name: 'research', component: () => import('./views/ResearchView.vue'),
    meta: { title: '调查研究', icon: 'Memo', perms: ['activity.read', 'research.manage'] } },
  { path: 'supervision', name: 'supervision', component: () => import('./views/SupervisionView.vue'),
    meta: { title: '督查', icon: 'View', perms: ['petition.supervise'] } },
  { path: 'stats', name: 'stats', component: () => import('./views/StatsView.vue'),
    meta: { title: '统计分析', icon: 'DataAnalysis', perms: ['statistics.read'] } },
  { path: 'admin', name: 'admin', component: () => import('./views/AdminView.vue'),
    meta: { title: '系统管理', icon: 'Memo', perms: ['unit.manage', 'user.manage', 'role.manage'] } },
  { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'),
    meta: { title: '审计', icon: 'View', perms: ['audit.read'] } },
  { path: 'outreach', name: 'outreach', component: () => import('./views/OutreachView.vue'),
    meta: { title: '宣传活动', icon: 'Promotion', perms: ['activity.read', 'outreach.record'] } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    // Citizens: no staff login.
    { path: '/citizen', name: 'citizen', component: () => import('./views/citizen/CitizenView.vue'), meta: { public: true } },
    { path: '/', component: StaffLayout, redirect: '/workbench', children: staffRoutes },
    { path: '/:rest(.*)*', redirect: '/workbench' },
  ],
})

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  if (!session.loaded) await loadSession()
  if (!session.user) return { name: 'login', query: { next: to.fullPath } }
  return true
})
