import { PREVIEW_MAX_LENGTH, messagePreview } from './message-preview';

describe('messagePreview', () => {
  it('shows a text message as one line', () => {
    expect(messagePreview('text', '  Hello,\n\nmy order   is late ')).toBe('Hello, my order is late');
  });

  it('labels a non-text message by its kind, with the caption if there is one', () => {
    expect(messagePreview('photo', 'broken screen')).toBe('[photo] broken screen');
    expect(messagePreview('voice', null)).toBe('[voice]');
    expect(messagePreview('sticker', '  ')).toBe('[sticker]');
  });

  it('cuts a long text with an ellipsis, never inside a character made of two UTF-16 units', () => {
    const preview = messagePreview('text', '😀'.repeat(PREVIEW_MAX_LENGTH + 10));
    expect(Array.from(preview)).toHaveLength(PREVIEW_MAX_LENGTH);
    expect(preview.endsWith('😀…')).toBe(true);
  });

  it('keeps a text of exactly the maximum length whole', () => {
    const text = 'a'.repeat(PREVIEW_MAX_LENGTH);
    expect(messagePreview('text', text)).toBe(text);
  });
});
