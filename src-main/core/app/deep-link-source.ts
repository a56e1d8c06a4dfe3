/** How a custom-protocol URL reached the app: for logs, and for the strict handling of each route. */
export type DeepLinkSource = 'open-url' | 'second-instance' | 'cold-start' | 'loopback' | 'qa';
