import { mountInLanguage } from '../../components/mount';
import { t } from '../../i18n';
import { OptionsPage } from '../../components/OptionsPage';
import '../../components/app.css';

mountInLanguage(() => <OptionsPage />, document.getElementById('app')!, () => t('options.title'));
