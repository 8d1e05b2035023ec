-- Rows inserted through the CN and into the reference database alike.
INSERT INTO customers VALUES (1,'alice','Paris',3.5),(2,'bob','Berlin',4.25),(3,'Carol','Paris',NULL),(4,'dave','Rome',2.0),(5,'Eve','Madrid',5.5),(6,'frank',NULL,1.25),(7,'grace','Berlin',3.0),(8,'heidi','Rome',4.75),(9,'ivan','Paris',0.5),(10,'judy','Madrid',2.25),(11,'Alice','Oslo',3.0),(12,'mallory','Oslo',1.0)
INSERT INTO cities VALUES ('Paris','FR',2100000),('Berlin','DE',3600000),('Rome','IT',2800000),('Madrid','ES',3300000),('Oslo','NO',700000)
INSERT INTO settings VALUES ('mode','strict'),('region','eu'),('limit','100')
INSERT INTO events VALUES (1,'2023-06-15','a'),(2,'2023-12-31','b'),(3,'2024-01-01','a'),(4,'2024-07-04','c'),(5,'2025-02-02','b'),(6,'2026-01-01','a'),(7,'2023-06-15','c')
INSERT INTO tags VALUES (1,1,'x'),(2,2,'y'),(3,5,'z'),(4,8,'x'),(5,9,'w'),(6,4,'y'),(7,7,NULL)
