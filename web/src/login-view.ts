// Login page (password auth only): clear errors and, when throttled, when to try again; an
// optional note says what was kept when the last session ended.

import { ApiError, appUrl, describeError, requestJson } from './api.js';
import { h } from './dom.js';
import { icon } from './icons.js';

/** Renders the login card into `main`; resolves once the operator is logged in. */
export function showLogin(main: HTMLElement, note: string | null = null): Promise<void> {
  return new Promise((resolve) => {
    // The alert is announced on each change; the countdown beside it changes every second, so
    // it sits outside the live region (read with the field, never announced).
    const announced = h('span', { attrs: { role: 'alert' } });
    const wait = h('span', { class: 'login-wait' });
    const error = h('p', { class: 'form-error', attrs: { id: 'login-error' } }, announced, wait);
    const say = (text: string) => {
      announced.textContent = text;
      wait.textContent = '';
      error.hidden = text === '';
    };
    error.hidden = true;
    const password = h('input', {
      id: 'password',
      class: 'input',
      attrs: {
        type: 'password',
        name: 'password',
        autocomplete: 'current-password',
        required: true,
        'aria-describedby': 'login-error',
      },
    });
    const submit = h('button', {
      class: 'btn btn-primary btn-block',
      text: 'Log in',
      attrs: { type: 'submit' },
    });
    const form = h(
      'form',
      { class: 'form', attrs: { method: 'post', action: appUrl('login').pathname } },
      h(
        'div',
        { class: 'field' },
        h('label', { attrs: { for: 'password' }, text: 'Password' }),
        password,
      ),
      error,
      submit,
    );
    let countdown: number | undefined;
    const throttle = (seconds: number) => {
      let left = Math.ceil(seconds);
      submit.disabled = true;
      say('Too many attempts.');
      const render = () => {
        wait.textContent = ` You can try again in ${left} s.`;
        if (left <= 0) {
          window.clearInterval(countdown);
          submit.disabled = false;
          say('You can try again now.');
          password.focus();
        }
        left -= 1;
      };
      render();
      countdown = window.setInterval(render, 1000);
    };
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (submit.disabled) return;
      submit.disabled = true;
      say('');
      try {
        await requestJson('POST', 'login', { password: password.value });
        window.clearInterval(countdown);
        resolve();
      } catch (failure) {
        if (
          failure instanceof ApiError &&
          failure.code === 'throttled' &&
          failure.retryAfterSeconds
        ) {
          throttle(failure.retryAfterSeconds);
          return;
        }
        say(describeError(failure));
        submit.disabled = false;
        password.select();
        password.focus();
      }
    });
    main.replaceChildren(
      h(
        'section',
        { class: 'login' },
        h(
          'div',
          { class: 'login-card' },
          h('div', { class: 'login-logo' }, icon('logo', 'icon icon-xl')),
          h('h1', { text: 'Log in to clauster' }),
          h('p', { class: 'muted', text: 'Run and watch your Claude bridges from any device.' }),
          note
            ? h('p', { class: 'banner banner-note', attrs: { role: 'status' }, text: note })
            : null,
          form,
        ),
      ),
    );
    password.focus();
  });
}
