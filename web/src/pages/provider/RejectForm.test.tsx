// @vitest-environment happy-dom
// Rejecting a referral: a national reason code must be chosen (none is assumed); the inappropriate
// flag is optional and coded too.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RejectForm } from './RejectForm';
import { sessionSlots } from './Slots';

afterEach(cleanup);

describe('the coded rejection form', () => {
  it('offers the twelve national codes, asks for one, and sends nothing until it is chosen', () => {
    const onReject = vi.fn();
    render(<RejectForm serviceName="Canterbury UTC" onReject={onReject} />);
    const select = screen.getByLabelText('Why can Canterbury UTC not take this patient?') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', '21', '22', '23', '24', '26', '27', '31', '32', '40', '41', '42', '99']);
    expect(select.value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Reject referral' }));
    expect(onReject).not.toHaveBeenCalled();
    expect(screen.getByText('Choose why you cannot take this patient')).toBeTruthy();

    fireEvent.change(select, { target: { value: '99' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject referral' }));
    expect(onReject).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText('Say why'), { target: { value: 'Closed for a flood' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject referral' }));
    expect(onReject).toHaveBeenCalledWith({ reasonCode: '99', reason: 'Closed for a flood' });
  });

  it('flags the referral inappropriate with its own coded reason', () => {
    const onReject = vi.fn();
    render(<RejectForm serviceName="Canterbury UTC" onReject={onReject} />);
    fireEvent.change(screen.getByLabelText('Why can Canterbury UTC not take this patient?'), { target: { value: '23' } });
    fireEvent.click(screen.getByLabelText(/Flag this referral as inappropriate/));
    fireEvent.click(screen.getByRole('button', { name: 'Reject referral' }));
    expect(onReject).not.toHaveBeenCalled();
    const why = screen.getByLabelText('Why was it inappropriate?') as HTMLSelectElement;
    expect([...why.options].map((o) => o.value)).toEqual(expect.arrayContaining(['23', 'wrong-disposition', 'wrong-service']));
    fireEvent.change(why, { target: { value: 'wrong-service' } });
    fireEvent.change(screen.getByLabelText('Note for the feedback (optional)'), { target: { value: 'We do not see children' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject referral' }));
    expect(onReject).toHaveBeenCalledWith({ reasonCode: '23', inappropriate: { code: 'wrong-service', note: 'We do not see children' } });
  });
});

describe('a session of slots', () => {
  it('is cut into slots of the length chosen, the last ending by the end of the session', () => {
    const slots = sessionSlots('2026-11-20', '09:00', '10:10', 20);
    expect(slots).toHaveLength(3);
    expect(new Date(slots[0].start).getTime()).toBe(new Date('2026-11-20T09:00').getTime());
    expect(new Date(slots[2].end).getTime()).toBe(new Date('2026-11-20T10:00').getTime());
    expect(sessionSlots('2026-11-20', '10:00', '09:00', 15)).toEqual([]);
    expect(sessionSlots('', '09:00', '10:00', 15)).toEqual([]);
  });
});
