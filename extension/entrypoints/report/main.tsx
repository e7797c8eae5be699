// The Conversations report as a full tab: the same report as the popup's, with room to read it.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { ErrorNotice, Loading } from '../../components/feedback';
import { NotConfigured } from '../../components/NotConfigured';
import { ProfileLine, useFreshProfile } from '../../components/profile';
import { ReportView } from '../../components/report/ReportView';
import { useSetup } from '../../components/setup';
import '../../components/app.css';

function ReportPage() {
  const setup = useSetup();
  const profile = useFreshProfile(setup);
  let body;
  if (!setup.loaded) body = <Loading what="ConvoLens" />;
  else if (!setup.configured) body = <NotConfigured />;
  else if (!profile) body = <Loading what="your role" />;
  else if (profile.role === 'agent') body = <ErrorNotice message="The Conversations report is for managers and owners." />;
  else body = <ReportView api={setup.api} categories={profile.workspace.categories} />;
  return (
    <main>
      <header class="page-header">
        <h1>Conversations report</h1>
        <ProfileLine profile={profile} />
        <nav class="header-actions">
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            Options
          </button>
        </nav>
      </header>
      {body}
    </main>
  );
}

render(<ReportPage />, document.getElementById('app')!);
