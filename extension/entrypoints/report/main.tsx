// The Conversations report as a full tab: the same report as the popup's, with room to read it.
import { browser } from 'wxt/browser';
import { ErrorNotice, Loading } from '../../components/feedback';
import { t } from '../../i18n';
import { NotConfigured } from '../../components/NotConfigured';
import { ProfileLine, useFreshProfile } from '../../components/profile';
import { ReportView } from '../../components/report/ReportView';
import { useSetup } from '../../components/setup';
import { mountInLanguage } from '../../components/mount';
import '../../components/app.css';

function ReportPage() {
  const setup = useSetup();
  const profile = useFreshProfile(setup);
  let body;
  if (!setup.loaded) body = <Loading what="ConvoLens" />;
  else if (!setup.configured) body = <NotConfigured />;
  else if (!profile) body = <Loading what={t('loading.role')} />;
  else if (profile.role === 'agent') body = <ErrorNotice message={t('report.managersOnly')} />;
  else body = <ReportView api={setup.api} categories={profile.workspace.categories} />;
  return (
    <main>
      <header class="page-header">
        <h1>{t('report.title')}</h1>
        <ProfileLine profile={profile} />
        <nav class="header-actions">
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('action.options')}
          </button>
        </nav>
      </header>
      {body}
    </main>
  );
}

mountInLanguage(() => <ReportPage />, document.getElementById('app')!, () => `ConvoLens: ${t('report.title')}`);
