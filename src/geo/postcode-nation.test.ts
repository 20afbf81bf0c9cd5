import { describe, expect, it } from 'vitest';
import { bankHolidayNationOfPostcode } from './postcode-nation';

describe('the bank holiday nation of a postcode', () => {
  it('is Northern Ireland for BT, Scotland for Scottish areas, England and Wales elsewhere', () => {
    expect(bankHolidayNationOfPostcode('BT1 5GS')).toBe('northern-ireland');
    expect(bankHolidayNationOfPostcode('EH1 1YZ')).toBe('scotland');
    expect(bankHolidayNationOfPostcode('g1 1xq')).toBe('scotland');
    expect(bankHolidayNationOfPostcode('GL1 2EH')).toBe('england-and-wales');
    expect(bankHolidayNationOfPostcode('CF10 1EP')).toBe('england-and-wales');
    expect(bankHolidayNationOfPostcode('CT1 3NG')).toBe('england-and-wales');
  });

  it('keeps Berwick (TD15) in England, the rest of TD in Scotland, and reads postcodes without a space', () => {
    expect(bankHolidayNationOfPostcode('TD15 1AA')).toBe('england-and-wales');
    expect(bankHolidayNationOfPostcode('TD1 1AA')).toBe('scotland');
    expect(bankHolidayNationOfPostcode('TD151AA')).toBe('england-and-wales');
    expect(bankHolidayNationOfPostcode('EH11YZ')).toBe('scotland');
  });
});
