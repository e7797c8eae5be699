import { render } from 'preact';
import { Popup } from '../../components/Popup';
import '../../components/app.css';

render(<Popup />, document.getElementById('app')!);
