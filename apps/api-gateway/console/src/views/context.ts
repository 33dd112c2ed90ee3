import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Desk } from '../desk';
import { Translate, translator } from '../i18n/texts';
import { ConsoleState, Store } from '../state/store';

export const DeskContext = createContext<Desk | null>(null);

/** The desk, its state and the texts in the chosen language, for a component. */
export function useDesk(): { desk: Desk; state: ConsoleState; t: Translate } {
  const desk = useContext(DeskContext)!;
  const state = useStore(desk.store);
  return { desk, state, t: translator(state.language) };
}

/** Re-renders a component when the store changes. */
function useStore<S>(store: Store<S>): S {
  const [state, setState] = useState(store.state);
  useEffect(() => store.subscribe(setState), [store]);
  return state;
}
