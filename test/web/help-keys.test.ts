// The `?` shortcut of the help panel (web/src/help-keys.ts): it opens the panel from the page,
// never while the operator types in a text field, with a modifier, or over an open dialog.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HelpKeyEvent, isHelpShortcut, isTextField } from '../../web/src/help-keys.js';

function press(target: HelpKeyEvent['target'], extra: Partial<HelpKeyEvent> = {}): HelpKeyEvent {
  return { key: '?', ctrlKey: false, metaKey: false, altKey: false, target, ...extra };
}

const BODY = { tagName: 'BODY', isContentEditable: false };

describe('isTextField()', () => {
  const cases: [string, HelpKeyEvent['target'], boolean][] = [
    ['nothing focused', null, false],
    ['the page body', BODY, false],
    ['a button', { tagName: 'BUTTON' }, false],
    ['a text input', { tagName: 'INPUT', type: 'text' }, true],
    ['an input without a type', { tagName: 'INPUT' }, true],
    ['a search input', { tagName: 'INPUT', type: 'search' }, true],
    ['a password input', { tagName: 'INPUT', type: 'password' }, true],
    ['a number input', { tagName: 'INPUT', type: 'number' }, true],
    ['a checkbox', { tagName: 'INPUT', type: 'checkbox' }, false],
    ['a radio button', { tagName: 'INPUT', type: 'RADIO' }, false],
    ['a textarea', { tagName: 'TEXTAREA' }, true],
    ['a select (type-ahead)', { tagName: 'SELECT' }, true],
    ['a contenteditable block', { tagName: 'DIV', isContentEditable: true }, true],
    ['a lower-case tag name', { tagName: 'input', type: 'text' }, true],
  ];
  for (const [name, target, expected] of cases) {
    it(`isTextField() is ${expected} for ${name}`, () => {
      assert.equal(isTextField(target), expected);
    });
  }
});

describe('isHelpShortcut()', () => {
  it('isHelpShortcut() opens on `?` pressed on the page or a button', () => {
    assert.equal(isHelpShortcut(press(BODY), false), true);
    assert.equal(isHelpShortcut(press({ tagName: 'BUTTON' }), false), true);
    // `?` needs Shift on most layouts: Shift alone is not a modifier here.
    assert.equal(isHelpShortcut(press(null), false), true);
  });

  it('isHelpShortcut() ignores `?` typed in a text field', () => {
    assert.equal(isHelpShortcut(press({ tagName: 'INPUT', type: 'search' }), false), false);
    assert.equal(isHelpShortcut(press({ tagName: 'TEXTAREA' }), false), false);
    assert.equal(isHelpShortcut(press({ tagName: 'P', isContentEditable: true }), false), false);
  });

  it('isHelpShortcut() ignores other keys and `?` with Ctrl, Cmd or Alt', () => {
    assert.equal(isHelpShortcut(press(BODY, { key: '/' }), false), false);
    assert.equal(isHelpShortcut(press(BODY, { key: 'h' }), false), false);
    assert.equal(isHelpShortcut(press(BODY, { ctrlKey: true }), false), false);
    assert.equal(isHelpShortcut(press(BODY, { metaKey: true }), false), false);
    assert.equal(isHelpShortcut(press(BODY, { altKey: true }), false), false);
  });

  it('isHelpShortcut() ignores `?` over an open dialog, mid-composition or already handled', () => {
    assert.equal(isHelpShortcut(press(BODY), true), false);
    assert.equal(isHelpShortcut(press(BODY, { isComposing: true }), false), false);
    assert.equal(isHelpShortcut(press(BODY, { defaultPrevented: true }), false), false);
  });
});
