// The Conversations report as a full tab: the same report as the popup's, with room to read it.
import { describeApiError } from '../api';
import { t } from '../i18n';
import { ErrorNotice, Loading } from './feedback';
import { NotConfigured } from './NotConfigured';
import { PageHeader, useProfileCheck } from './profile';
import { ReportView } from './report/ReportView';
import type { Person } from './report/TeamView';
import { useSetup } from './setup';

/** A person the popup's Team tab opened the report for (`?agent=<user id>&name=…`). */
function personFromUrl(): Person | null {
  const params = new URLSearchParams(globalThis.location?.search ?? '');
  const id = params.get('agent');
  return id ? { id, name: params.get('name') || id } : null;
}

export function ReportPage() {
  const setup = useSetup();
  const { profile, error, retry } = useProfileCheck(setup);
  let body;
  if (!setup.loaded) body = <Loading what="ConvoLens" />;
  else if (!setup.configured) body = <NotConfigured />;
  // A rejected token or a server that is down is said at once, with a way to try again.
  else if (!profile && error) body = <ErrorNotice message={describeApiError(error)} onRetry={retry} />;
  else if (!profile) body = <Loading what={t('loading.role')} />;
  else if (profile.role === 'agent') body = <ErrorNotice message={t('report.managersOnly')} />;
  else body = <ReportView api={setup.api} categories={profile.workspace.categories} initialPerson={personFromUrl()} />;
  return (
    <main>
      <PageHeader title={t('report.title')} profile={profile} />
      {body}
    </main>
  );
}
