import { render } from 'preact';
import { OptionsPage } from '../../components/OptionsPage';
import '../../components/app.css';

render(<OptionsPage />, document.getElementById('app')!);
