// The popup: the live dashboard for everyone, then the Conversations report for managers and
// owners (their role comes from GET /v1/me, asked again each time the popup opens).
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { Loading } from './feedback';
import { LiveDashboard } from './LiveDashboard';
import { NotConfigured } from './NotConfigured';
import { ProfileLine, useFreshProfile } from './profile';
import { ReportView } from './report/ReportView';
import { useSetup } from './setup';

export function Popup() {
  const setup = useSetup();
  const profile = useFreshProfile(setup);
  if (!setup.loaded) return <Loading what="ConvoLens" />;
  const canReport = profile !== null && profile.role !== 'agent';
  return (
    <main>
      <header class="page-header">
        <h1>ConvoLens</h1>
        <ProfileLine profile={profile} />
        <nav class="header-actions">
          {canReport ? (
            <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/report.html') })}>
              {t('popup.openFullPage')}
            </button>
          ) : null}
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('action.options')}
          </button>
        </nav>
      </header>
      {setup.configured ? (
        <>
          <LiveDashboard api={setup.api} />
          {canReport ? <ReportView api={setup.api} categories={profile.workspace.categories} /> : null}
        </>
      ) : (
        <NotConfigured />
      )}
    </main>
  );
}
