import { mountInLanguage } from '../../components/mount';
import { Popup } from '../../components/Popup';
import '../../components/app.css';

mountInLanguage(() => <Popup />, document.getElementById('app')!);
