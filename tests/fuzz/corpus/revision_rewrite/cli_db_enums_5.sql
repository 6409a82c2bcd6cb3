SELECT type FROM pragma_table_info('people') WHERE name = 'feeling'
