import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { Icon } from './Icon';

// Issue 15: the row's ⋯ menu for what is not needed every day. react-aria
// gives the menu button, arrow-key navigation, typeahead and focus return.
// Other issues add their items here (e.g. the access log, issue 12).

export interface RowMenuItem {
  id: string;
  label: string;
  onAction(): void;
}

export function RowMenu({ name, items }: { name: string; items: RowMenuItem[] }) {
  if (items.length === 0) return null;
  return (
    <MenuTrigger>
      <Button className="icon-button" aria-label={`More for ${name}`}>
        <Icon name="more" />
      </Button>
      <Popover className="menu-popover" placement="bottom end">
        <Menu
          className="menu"
          aria-label={`More for ${name}`}
          onAction={(key) => items.find((i) => i.id === key)?.onAction()}
        >
          {items.map((i) => (
            <MenuItem key={i.id} id={i.id} className="menu-item">
              {i.label}
            </MenuItem>
          ))}
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
