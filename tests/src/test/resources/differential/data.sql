-- Rows inserted through the CN and into the reference database alike.
INSERT INTO customers VALUES (1,'alice','Paris',3.5),(2,'bob','Berlin',4.25),(3,'Carol','Paris',NULL),(4,'dave','Rome',2.0),(5,'Eve','Madrid',5.5),(6,'frank',NULL,1.25),(7,'grace','Berlin',3.0),(8,'heidi','Rome',4.75),(9,'ivan','Paris',0.5),(10,'judy','Madrid',2.25),(11,'Alice','Oslo',3.0),(12,'mallory','Oslo',1.0)
INSERT INTO cities VALUES ('Paris','FR',2100000),('Berlin','DE',3600000),('Rome','IT',2800000),('Madrid','ES',3300000),('Oslo','NO',700000)
INSERT INTO settings VALUES ('mode','strict'),('region','eu'),('limit','100')
INSERT INTO events VALUES (1,'2023-06-15','a'),(2,'2023-12-31','b'),(3,'2024-01-01','a'),(4,'2024-07-04','c'),(5,'2025-02-02','b'),(6,'2026-01-01','a'),(7,'2023-06-15','c')
INSERT INTO tags VALUES (1,1,'x'),(2,2,'y'),(3,5,'z'),(4,8,'x'),(5,9,'w'),(6,4,'y'),(7,7,NULL)
INSERT INTO w VALUES (1,1,'a',1.50,0.5),(2,1,'A',NULL,NULL),(3,2,'b',2.00,1.25),(4,NULL,NULL,0.25,2),(5,2,'B ',7.00,3),(6,1,'c',1.50,0.5),(7,3,'a',NULL,-1),(8,2,'b',2.00,1.25),(9,NULL,'C',3.00,NULL),(10,1,'a',-4.00,8),(11,3,'d',0.00,0.25),(12,2,NULL,2.00,1.5),(13,1,'A',9.99,4),(14,4,'e',NULL,NULL),(15,2,'b',5.50,-2.5),(16,3,'D',1.00,1),(17,NULL,'c',1.50,0.75),(18,1,'a',1.50,0.5),(19,2,'f',NULL,6),(20,3,'a',-1.25,0.125)
INSERT INTO tree VALUES (1,NULL,'root'),(2,1,'a'),(3,1,'b'),(4,2,'a1'),(5,2,'a2'),(6,3,'b1'),(7,4,'a1x'),(8,7,'a1xy'),(9,NULL,'other'),(10,9,'o1'),(11,5,'a2a'),(12,6,'b1a')
