// The demo's users, kept in memory and listed on the login page.
export interface DemoUser {
  id: string;
  email: string;
  password: string;
  name: string;
  /** UseResponse custom fields, property_<field id>. */
  properties?: Record<string, string>;
  note: string;
}

export const USERS: readonly DemoUser[] = [
  {
    id: '1',
    email: 'brian@example.com',
    password: 'demo',
    name: 'Brian C.',
    properties: { property_172: '188' },
    note: 'with a property_172 custom field',
  },
  {
    id: '2',
    email: 'alice@example.com',
    password: 'demo',
    name: 'Alice',
    note: 'log in as her while Brian is logged in: the chat forgets Brian',
  },
  {
    id: '3',
    email: 'mallory@example.com',
    password: 'demo',
    name: '</script><script>window.__pwned=1</script>',
    note: 'her name is a script-injection attempt: it stays plain text',
  },
];

export function findUser(id: string): DemoUser | undefined {
  return USERS.find((user) => user.id === id);
}

export function checkPassword(email: string, password: string): DemoUser | undefined {
  return USERS.find((user) => user.email === email && user.password === password);
}
