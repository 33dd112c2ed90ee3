/** What the client's update asks for: register (/start), record a message, record an edit of one, just show the help, or rate (a survey tap). */
export type InboundRoute = 'register' | 'record' | 'help' | 'edit' | 'rate';
