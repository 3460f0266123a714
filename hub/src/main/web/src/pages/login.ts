import { api, ApiError, token } from '../api';
import { fill, h } from '../dom';

/** Sign in with an API token; the hub says whether it is admin or read-only. */
export function loginPage(main: HTMLElement, message: string | undefined, signedIn: () => void): void {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: false,
    'aria-describedby': 'token-help' });
  const remember = h('input', { id: 'remember', type: 'checkbox' });
  const error = h('p', { class: 'error', role: 'alert' }, message ?? '');
  const submit = h('button', { type: 'submit' }, 'Sign in');

  async function signIn(event: Event): Promise<void> {
    event.preventDefault();
    submit.disabled = true;
    token.set(input.value.trim(), remember.checked);
    try {
      await api.whoami();
      signedIn();
    } catch (failure) {
      token.clear();
      error.textContent = failure instanceof ApiError && failure.status === 401
        ? 'The hub does not know this token.' : (failure as Error).message;
      submit.disabled = false;
      input.focus();
    }
  }

  fill(main,
    h('h1', { tabIndex: -1 }, 'Sign in'),
    h('form', { class: 'card login', onsubmit: signIn },
      h('label', { for: 'token' }, 'API token'),
      input,
      h('p', { id: 'token-help', class: 'hint' }, 'Create one on the hub with ',
        h('code', null, 'deploy/hearth tokens create NAME --role admin'), ' (or ', h('code', null, '--role read-only'), ').'),
      h('p', { class: 'check' }, remember, ' ', h('label', { for: 'remember' }, 'Remember on this device')),
      submit,
      error));
  input.focus();
}
