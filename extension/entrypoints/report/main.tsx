// The Conversations report as a full tab.
import { mountInLanguage } from '../../components/mount';
import { ReportPage } from '../../components/ReportPage';
import { t } from '../../i18n';
import '../../components/app.css';

mountInLanguage(() => <ReportPage />, document.getElementById('app')!, () => `ConvoLens: ${t('report.title')}`);
