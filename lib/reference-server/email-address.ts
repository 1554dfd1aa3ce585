// E-mail addresses as pydantic's `EmailStr` judges them: pydantic calls
// email-validator with deliverability checks off and, on failure, raises a
// `value_error` whose message is "value is not a valid email address: " plus
// email-validator's reason (docs/server-behavior.md §12.3). The reasons below
// are email-validator 2.x's wording for the cases modelled; addresses it would
// refuse for subtler reasons (quoted local parts, IDNA) pass here.

// email-validator's SPECIAL_USE_DOMAIN_NAMES. The example.com/.net/.org domains
// are deliberately absent: they are only refused by deliverability checks.
const SPECIAL_USE_DOMAINS = ['arpa', 'invalid', 'local', 'localhost', 'onion', 'test'];

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function reason(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at === -1) return 'An email address must have an @-sign.';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (local === '') return 'There must be something before the @-sign.';
  if (domain === '') return 'There must be something after the @-sign.';
  if (!LOCAL_PART.test(local)) return 'The email address contains invalid characters before the @-sign.';
  if (!domain.split('.').every((label) => DOMAIN_LABEL.test(label))) {
    return 'The part after the @-sign contains invalid characters.';
  }
  // The missing-period check comes first, so "user@localhost" is refused for the period.
  if (!domain.includes('.')) return 'The part after the @-sign is not valid. It should have a period.';
  if (SPECIAL_USE_DOMAINS.some((name) => domain === name || domain.endsWith(`.${name}`))) {
    return 'The part after the @-sign is a special-use or reserved name that cannot be used with email.';
  }
  return undefined;
}

/** pydantic's message for an address `EmailStr` refuses, or undefined when it accepts it. */
export function emailRefusal(address: string): string | undefined {
  const why = reason(address.trim());
  return why === undefined ? undefined : `value is not a valid email address: ${why}`;
}
