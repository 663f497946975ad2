import { lazy, Suspense, useEffect } from 'react';
import { GeneratePage } from '../generate/GeneratePage.js';
import { JobsPage } from '../jobs/JobsPage.js';
import { SettingsPage } from '../settings/SettingsPage.js';
import { DEMO_KEY, maskKey, setApiKey, useApiKey } from '../settings/key-store.js';
import { linkClick, useRoute, type RoutePath } from './router.js';

// The viewer and the charts are the heavy pages: loaded only when opened.
const TimelinePage = lazy(() => import('../timeline/TimelinePage.js').then((m) => ({ default: m.TimelinePage })));
const ExercisePage = lazy(() => import('../exercise/ExercisePage.js').then((m) => ({ default: m.ExercisePage })));
const DashboardPage = lazy(() => import('../dashboard/DashboardPage.js').then((m) => ({ default: m.DashboardPage })));

const NAV: { path: RoutePath; label: string }[] = [
  { path: '/generate', label: 'Generate' },
  { path: '/jobs', label: 'Jobs' },
  { path: '/timeline', label: 'Timeline' },
  { path: '/dashboard', label: 'Dashboard' },
  { path: '/exercise', label: 'Exercise control' },
  { path: '/settings', label: 'Settings' },
];

const TITLES: Record<RoutePath, string> = {
  '/generate': 'Generate', '/jobs': 'Jobs', '/timeline': 'Timeline', '/dashboard': 'Dashboard', '/exercise': 'Exercise control', '/settings': 'Settings',
};

export function App() {
  const route = useRoute();
  const key = useApiKey();
  useEffect(() => {
    document.title = `${TITLES[route.path]} — medgen`;
  }, [route.path]);

  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="app-header">
        <div className="brand"><span aria-hidden="true">✚</span> medgen <span className="brand-sub">patient generator</span></div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.path}>
                <a href={n.path} onClick={linkClick} aria-current={route.path === n.path ? 'page' : undefined}>{n.label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="key-state" aria-live="polite">
          {key === '' ? <span className="badge badge-warn">No API key</span>
            : <span className="badge badge-ok" title="API key in use">Key {key === DEMO_KEY ? 'demo' : maskKey(key)}</span>}
        </div>
      </header>
      {key === '' && route.path !== '/settings' && (
        <div className="key-banner" role="region" aria-label="API key needed">
          <span>Generating needs an API key.</span>
          <button type="button" onClick={() => setApiKey(DEMO_KEY)}>Use the demo key</button>
          <a href="/settings" onClick={linkClick}>Enter a key in Settings</a>
        </div>
      )}
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
          {route.path === '/generate' && <GeneratePage />}
          {route.path === '/jobs' && <JobsPage highlight={route.params.get('job') ?? undefined} />}
          {route.path === '/timeline' && <TimelinePage jobId={route.params.get('job') ?? undefined} />}
          {route.path === '/dashboard' && <DashboardPage jobId={route.params.get('job') ?? undefined} />}
          {route.path === '/exercise' && <ExercisePage runId={route.params.get('run') ?? undefined} />}
          {route.path === '/settings' && <SettingsPage />}
        </Suspense>
      </main>
    </>
  );
}
