-- MySQL keeps no type name: the values of the column's ENUM, under the model's name.
SELECT CONCAT('mood:', REPLACE(SUBSTRING(column_type, 6, CHAR_LENGTH(column_type) - 6), '''', '')) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'people' AND column_name = 'feeling'
