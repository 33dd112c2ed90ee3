import { render } from 'preact';
import './console.css';
import { Desk } from './desk';
import { LANGUAGES, Language, preferredLanguage } from './i18n/texts';
import { routeOf } from './routes';
import { initialState, Store } from './state/store';
import { App } from './views/app';
import { DeskContext } from './views/context';

const saved = localStorage.getItem('desk.language');
const language: Language = (LANGUAGES as readonly string[]).includes(saved ?? '')
  ? (saved as Language)
  : preferredLanguage(navigator.languages);
document.documentElement.lang = language;

const desk = new Desk(new Store({ ...initialState(language), route: routeOf(location.hash) }));
window.addEventListener('hashchange', () => desk.navigate(routeOf(location.hash)));
desk.start();

render(
  <DeskContext.Provider value={desk}>
    <App />
  </DeskContext.Provider>,
  document.getElementById('app')!,
);
