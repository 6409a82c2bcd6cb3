CREATE TABLE diary (id int NOT NULL, feeling enum('happy','meh','sad') NOT NULL DEFAULT 'meh', PRIMARY KEY (id));
