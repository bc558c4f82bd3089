/**
 * Routes. Hash history because the desktop app loads the page from file://,
 * where path-based URLs would point at files.
 */
import { createRouter, createWebHashHistory } from 'vue-router';
import ProjectsView from './views/ProjectsView.vue';
import ProjectWizardView from './views/ProjectWizardView.vue';
import ProjectDetailView from './views/ProjectDetailView.vue';
import SchemaMigrationView from './views/SchemaMigrationView.vue';
import FullMigrationView from './views/FullMigrationView.vue';
import IncrementalSyncView from './views/IncrementalSyncView.vue';
import VerificationView from './views/VerificationView.vue';
import SwitchoverView from './views/SwitchoverView.vue';
import DataSourcesView from './views/DataSourcesView.vue';
import AlertsView from './views/AlertsView.vue';
import SettingsView from './views/SettingsView.vue';
import NotFoundView from './views/NotFoundView.vue';

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/projects' },
    { path: '/projects', name: 'projects', component: ProjectsView, meta: { title: 'Projects' } },
    { path: '/projects/new', name: 'project-new', component: ProjectWizardView, meta: { title: 'Create Project' } },
    { path: '/projects/:id', name: 'project', component: ProjectDetailView, props: true, meta: { title: 'Project' } },
    { path: '/projects/:id/schema', name: 'project-schema', component: SchemaMigrationView, props: true, meta: { title: 'Schema Migration' } },
    { path: '/projects/:id/full', name: 'project-full', component: FullMigrationView, props: true, meta: { title: 'Full Migration' } },
    { path: '/projects/:id/incremental', name: 'project-incremental', component: IncrementalSyncView, props: true, meta: { title: 'Incremental Synchronization' } },
    { path: '/projects/:id/verification', name: 'project-verification', component: VerificationView, props: true, meta: { title: 'Full Verification' } },
    { path: '/projects/:id/switchover', name: 'project-switchover', component: SwitchoverView, props: true, meta: { title: 'Forward Switchover' } },
    {
      path: '/projects/:id/reverse',
      name: 'project-reverse',
      component: IncrementalSyncView,
      props: (route) => ({ id: String(route.params.id), direction: 'reverse' }),
      meta: { title: 'Reverse Incremental' },
    },
    { path: '/projects/:id/edit', name: 'project-edit', component: ProjectWizardView, props: true, meta: { title: 'Edit Project' } },
    { path: '/datasources', name: 'datasources', component: DataSourcesView, meta: { title: 'Data Sources' } },
    { path: '/alerts', name: 'alerts', component: AlertsView, meta: { title: 'Alerts' } },
    { path: '/settings', name: 'settings', component: SettingsView, meta: { title: 'Settings' } },
    { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { title: 'Not found' } },
  ],
});

router.afterEach((to) => {
  const title = typeof to.meta.title === 'string' ? to.meta.title : null;
  document.title = title ? `${title} · Cutover` : 'Cutover';
});
